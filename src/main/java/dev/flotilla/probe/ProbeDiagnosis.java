package dev.flotilla.probe;

import dev.flotilla.diagnose.Diagnoser;
import dev.flotilla.diagnose.Diagnosis;
import dev.flotilla.diagnose.DiagnosisContext;
import dev.flotilla.diagnose.Failure;
import java.util.ArrayList;
import java.util.List;

/** The likely cause of a failed probe, from the diagnosis catalogue's {@code probe.*} signatures. */
public final class ProbeDiagnosis {
  private ProbeDiagnosis() {}

  /** The primary diagnosis of a failed probe (its detail line, then its output), or null. */
  public static Diagnosis of(ProbeResult r, DiagnosisContext context) {
    if (r.ok()) return null;
    return of(r.service(), r.detail(), r.excerpt(), context);
  }

  /** The primary diagnosis of a probe outcome line plus the output that came with it, or null. */
  public static Diagnosis of(String service, String detail, String output, DiagnosisContext context) {
    List<String> lines = new ArrayList<>();
    if (detail != null) lines.add(detail);
    if (output != null) lines.addAll(output.lines().toList());
    return Diagnoser.builtIn().diagnose(new Failure(service, lines, null, false, null, context)).primary();
  }
}
