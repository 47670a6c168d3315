package dev.flotilla.deploy;

/** Receives deployment events (called from several threads; implementations synchronise). */
@FunctionalInterface
public interface DeployListener {
  void on(DeployEvent event);

  DeployListener NONE = e -> { };
}
