package dev.flotilla.check.report;

import dev.flotilla.check.CheckResult;
import dev.flotilla.check.Finding;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceLocation;
import java.nio.file.Path;

/**
 * What every check reporter renders: the project, the result, the {@code --fail-on} threshold
 * and the tool's version. Paths are shown relative to {@code projectDir}.
 */
public record CheckReport(String project, Path projectDir, CheckResult result, Severity failOn, String toolVersion) {

  /** True when the check fails at the threshold (exit 1). */
  public boolean failed() {
    return result.hasAtLeast(failOn) || !result.failures().isEmpty();
  }

  /** The file of a location relative to the project directory, with forward slashes. */
  public String path(SourceLocation at) {
    if (at == null || at.file() == null) return null;
    Path f = at.file();
    Path base = projectDir == null ? null : projectDir.toAbsolutePath();
    String shown = base != null && f.isAbsolute() && f.startsWith(base) ? base.relativize(f).toString() : f.toString();
    return shown.replace('\\', '/');
  }

  /** {@code file:line:column} relative to the project, or {@code <project>} when unknown. */
  public String where(SourceLocation at) {
    String p = path(at);
    if (p == null) return "<project>";
    return at.line() > 0 ? p + ":" + at.line() + (at.column() > 0 ? ":" + at.column() : "") : p;
  }

  public long fixable() {
    return result.findings().stream().filter(f -> f.fix() != null).count();
  }

  static String service(Finding f) {
    return f.service() == null || f.service().isBlank() ? null : f.service();
  }
}
