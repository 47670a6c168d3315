package dev.flotilla.cli;

import dev.flotilla.model.Stack;
import dev.flotilla.watch.Rollback;

/** {@code watch --rollback}: rolls a service back through the deployer. */
final class DeployRollback {
  private DeployRollback() {}

  static Rollback forStack(Stack stack, Console console) {
    console.warn("--rollback: the deployer's rollback is not in this build yet; alerting only");
    return null;
  }
}
