package dev.flotilla.watch;

/** Rolls one service back to its previous image and configuration (the deployer does it, health-gated). */
@FunctionalInterface
public interface Rollback {
  /** Returns what was done (one line), or throws with why it could not be done. */
  String rollback(String service) throws Exception;
}
