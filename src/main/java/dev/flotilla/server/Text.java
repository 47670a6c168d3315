package dev.flotilla.server;

import dev.flotilla.model.Redactor;

/** Untrusted text (service logs, messages) on its way out of the API: redacted and bounded in size. Escaping is
 * the renderer's job (the dashboard only ever sets textContent). */
public final class Text {
  /** The longest single field the API returns; longer text is cut and marked. */
  public static final int MAX_FIELD = 16 * 1024;

  private Text() {}

  /** Untrusted text for the API: secrets redacted (model.Redactor), then cut to {@code max} characters. */
  public static String untrusted(String s, int max) {
    if (s == null) return null;
    return clip(Redactor.redactText(s), max);
  }

  public static String untrusted(String s) {
    return untrusted(s, MAX_FIELD);
  }

  public static String clip(String s, int max) {
    if (s == null) return null;
    if (s.length() <= max) return s;
    int cut = max;
    if (Character.isHighSurrogate(s.charAt(cut - 1))) cut--;
    return s.substring(0, cut) + "… [" + (s.length() - cut) + " more characters]";
  }
}
