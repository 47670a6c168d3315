package dev.flotilla.server;

/** Untrusted text (service logs, messages) on its way out of the API: bounded in size. */
public final class Text {
  /** The longest single field the API returns; longer text is cut and marked. */
  public static final int MAX_FIELD = 16 * 1024;

  private Text() {}

  public static String clip(String s, int max) {
    if (s == null) return null;
    if (s.length() <= max) return s;
    int cut = max;
    if (Character.isHighSurrogate(s.charAt(cut - 1))) cut--;
    return s.substring(0, cut) + "… [" + (s.length() - cut) + " more characters]";
  }
}
