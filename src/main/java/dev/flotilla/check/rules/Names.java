package dev.flotilla.check.rules;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" for names: the closest candidate within a small edit distance. */
final class Names {
  private Names() {}

  static Optional<String> closest(String name, Collection<String> candidates) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(name.toLowerCase(), c.toLowerCase());
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    int limit = Math.max(1, Math.min(3, name.length() / 3));
    boolean related = best != null && (bestD <= limit || best.toLowerCase().contains(name.toLowerCase()) || name.toLowerCase().contains(best.toLowerCase()));
    return related ? Optional.of(best) : Optional.empty();
  }

  static String didYouMean(String name, Collection<String> candidates) {
    return closest(name, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
