package dev.flotilla.track;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words of an error's code and message, as kept in {@code deployment_error_words} for text
 * search: lower case, split at every character that is not a letter or digit. A search for text
 * {@code q} (a substring of the code or message) uses the words of {@code q} that it holds whole —
 * those with a separator on both sides inside {@code q} — since any text containing {@code q}
 * contains each of them as a word: the index narrows the rows to check without changing the answer.
 */
public final class ErrorWords {
  /** Longer words are not kept (hashes, base64): a search never relies on them. */
  public static final int MAX_LENGTH = 64;

  private ErrorWords() {}

  /** The distinct words of an error, as stored. */
  public static Set<String> of(String code, String message) {
    Set<String> out = new LinkedHashSet<>();
    split(code, out, false);
    split(message, out, false);
    return out;
  }

  /**
   * The words every text containing {@code query} holds whole (case-insensitively): those of
   * {@code query} that a separator closes on both sides within it. "peer 12 after" gives [12];
   * "refused" gives none (it may be the middle of a longer word).
   */
  public static List<String> wholeIn(String query) {
    if (query == null) return List.of();
    Set<String> out = new LinkedHashSet<>();
    split(query, out, true);
    return new ArrayList<>(out);
  }

  private static void split(String text, Set<String> out, boolean wholeOnly) {
    if (text == null || text.isEmpty()) return;
    String s = text.toLowerCase(Locale.ROOT);
    int n = s.length();
    int start = -1;
    for (int i = 0; i <= n; i++) {
      boolean word = i < n && Character.isLetterOrDigit(s.charAt(i));
      if (word && start < 0) {
        start = i;
      } else if (!word && start >= 0) {
        boolean closed = start > 0 && i < n; // a separator before it and after it inside the text
        if ((!wholeOnly || closed) && i - start <= MAX_LENGTH) out.add(s.substring(start, i));
        start = -1;
      }
    }
  }
}
