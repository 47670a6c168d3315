package dev.flotilla.track;

import dev.flotilla.model.Redactor;

/** The store's one door to the redactor: every text written and every URL shown passes here. */
final class Redaction {
  private Redaction() {}

  static String text(String s) {
    return s == null ? null : Redactor.redactText(s);
  }

  static String url(String s) {
    return s == null ? null : Redactor.redactText(Redactor.redactUrlCredentials(s));
  }
}
