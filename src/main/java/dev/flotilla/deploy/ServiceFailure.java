package dev.flotilla.deploy;

import dev.flotilla.diagnose.Diagnosis;
import java.util.List;

/**
 * Why one service failed its phase, with the evidence: the reason, exit code and OOM flag, the
 * last log lines, the failing probe's output, the engine's error, and the diagnosis (null when
 * no signature recognised it; {@code code} then says which generic code was recorded).
 */
public record ServiceFailure(
    String service, int phase, Reason reason, String summary, Integer exitCode, boolean oomKilled,
    List<String> logTail, String probeOutput, String engineError, Diagnosis diagnosis, String code) {

  public enum Reason {
    PORT_TAKEN("port taken"),
    BUILD_FAILED("build failed"),
    CREATE_FAILED("could not be created"),
    START_FAILED("could not be started"),
    EXITED("exited"),
    OOM_KILLED("killed by the OOM killer"),
    RESTART_LOOP("restart loop"),
    UNHEALTHY("unhealthy"),
    INTERRUPTED("interrupted");

    private final String words;

    Reason(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  /** One line: {@code data-api exited (code 1): No module named 'L01_data_layer' [COD002]}. */
  public String headline() {
    StringBuilder sb = new StringBuilder(service).append(' ').append(reason.words());
    if (reason == Reason.EXITED && exitCode != null) sb.append(" (code ").append(exitCode).append(')');
    if (summary != null && !summary.isBlank()) sb.append(": ").append(summary);
    if (code != null) sb.append(" [").append(code).append(']');
    return sb.toString();
  }
}
