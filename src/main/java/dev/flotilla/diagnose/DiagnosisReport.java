package dev.flotilla.diagnose;

import java.util.List;

/**
 * The classifier's answer for one failure: diagnoses ranked most likely cause first, and the
 * error-looking lines no signature knows, grouped into templates with occurrence counts.
 */
public record DiagnosisReport(List<Diagnosis> diagnoses, List<LogTemplate> unknown, int linesRead) {
  public DiagnosisReport {
    diagnoses = List.copyOf(diagnoses);
    unknown = List.copyOf(unknown);
  }

  /** The most likely cause, or null when nothing was recognised. */
  public Diagnosis primary() {
    return diagnoses.isEmpty() ? null : diagnoses.get(0);
  }

  public boolean recognised() {
    return !diagnoses.isEmpty();
  }
}
