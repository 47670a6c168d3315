package dev.flotilla.runtime;

import java.util.List;

/**
 * The engine refused a job for one service (build, create, start): the message for people,
 * the engine's own error text, and output lines (a build log) kept as evidence.
 */
public class RuntimeFailure extends RuntimeException {
  private final String service;
  private final String stage;
  private final String engineError;
  private final transient List<String> output;

  public RuntimeFailure(String service, String stage, String message, String engineError, List<String> output, Throwable cause) {
    super(message, cause);
    this.service = service;
    this.stage = stage;
    this.engineError = engineError;
    this.output = output == null ? List.of() : List.copyOf(output);
  }

  public String service() {
    return service;
  }

  /** build, create, start, stop, remove. */
  public String stage() {
    return stage;
  }

  public String engineError() {
    return engineError;
  }

  public List<String> output() {
    return output;
  }
}
