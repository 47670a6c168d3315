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

    /** The code a failure of this kind gets when no signature of the diagnosis catalogue recognises its evidence. */
    public String genericCode() {
      return switch (this) {
        case BUILD_FAILED -> "BLD900";
        case CREATE_FAILED, START_FAILED -> "CFG900";
        case PORT_TAKEN -> "PRT001";
        case OOM_KILLED -> "RES001";
        case UNHEALTHY -> "HLT900";
        default -> "COD900";
      };
    }
  }

  /**
   * What a generic runtime code ({@link Reason#genericCode}) means, for {@code flotilla rules
   * CODE}; null for any other code.
   */
  public static String genericMeaning(String code) {
    return switch (code) {
      case "BLD900" -> "The image build failed and no signature of the diagnosis catalogue recognised the build's"
          + " output. The last lines of the build log are the error's evidence (flotilla errors show ID);"
          + " build the image alone (docker build) to see the failing step.";
      case "CFG900" -> "The engine refused to create or start the container; its own message is the error's"
          + " evidence. Usual causes: a bind-mount source, device or network mode this host lacks, or an"
          + " option this engine version does not support.";
      case "HLT900" -> "The service did not become healthy within start_period + start_timeout, and nothing in its"
          + " logs or probe output matched a known failure. The failing probe's last answer is the evidence:"
          + " check the probe's port and path (HLT002), and how long the service really takes to start (HLT005).";
      case "COD900" -> "The process exited or restart-looped, and its last log lines matched no known failure. The"
          + " exit code and the last 50 log lines are the evidence; 'flotilla explain LOGFILE' on the whole log"
          + " groups unknown errors into templates.";
      default -> null;
    };
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
