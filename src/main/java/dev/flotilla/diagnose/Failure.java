package dev.flotilla.diagnose;

import java.util.List;

/**
 * Everything known about one failed service: its log lines (oldest first), exit code, whether the
 * kernel's OOM killer stopped it, and the engine's error message (from create/start/build).
 */
public record Failure(
    String service,
    List<String> logLines,
    Integer exitCode,
    boolean oomKilled,
    String engineError,
    DiagnosisContext context) {

  public Failure {
    logLines = logLines == null ? List.of() : List.copyOf(logLines);
    context = context == null ? DiagnosisContext.EMPTY : context;
  }

  /** A pasted log or error message and nothing else. */
  public static Failure ofLog(List<String> lines) {
    return new Failure(null, lines, null, false, null, DiagnosisContext.EMPTY);
  }

  public Failure withExitCode(Integer code) {
    return new Failure(service, logLines, code, oomKilled, engineError, context);
  }

  public Failure withOom(boolean oom) {
    return new Failure(service, logLines, exitCode, oom, engineError, context);
  }

  public Failure withEngineError(String error) {
    return new Failure(service, logLines, exitCode, oomKilled, error, context);
  }

  public Failure withContext(DiagnosisContext c) {
    return new Failure(service, logLines, exitCode, oomKilled, engineError, c);
  }

  public Failure withService(String name) {
    return new Failure(name, logLines, exitCode, oomKilled, engineError, context);
  }
}
