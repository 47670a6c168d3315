package dev.flotilla.diagnose;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * Finds, in one pass over a line, which of many literal keywords it contains (ASCII letters
 * compared ignoring case): an Aho–Corasick automaton. This is the classifier's prefilter, so most
 * log lines are rejected without running a single regular expression.
 */
final class KeywordIndex {
  private static final int ALPHABET = 128;

  private final int[][] next;
  /** For each state, the keyword ids that end there (following failure links), or null. */
  private final int[][] outputs;

  KeywordIndex(List<String> keywords) {
    List<int[]> trans = new ArrayList<>();
    List<List<Integer>> out = new ArrayList<>();
    trans.add(newState());
    out.add(new ArrayList<>());
    for (int k = 0; k < keywords.size(); k++) {
      String word = keywords.get(k).toLowerCase(Locale.ROOT);
      int s = 0;
      for (int i = 0; i < word.length(); i++) {
        int c = word.charAt(i);
        if (c >= ALPHABET) throw new IllegalArgumentException("keyword must be ASCII: " + word);
        if (trans.get(s)[c] < 0) {
          trans.get(s)[c] = trans.size();
          trans.add(newState());
          out.add(new ArrayList<>());
        }
        s = trans.get(s)[c];
      }
      out.get(s).add(k);
    }
    int n = trans.size();
    int[] fail = new int[n];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int c = 0; c < ALPHABET; c++) {
      int t = trans.get(0)[c];
      if (t < 0) trans.get(0)[c] = 0;
      else {
        fail[t] = 0;
        queue.add(t);
      }
    }
    while (!queue.isEmpty()) {
      int s = queue.poll();
      out.get(s).addAll(out.get(fail[s]));
      for (int c = 0; c < ALPHABET; c++) {
        int t = trans.get(s)[c];
        if (t < 0) {
          trans.get(s)[c] = trans.get(fail[s])[c];
        } else {
          fail[t] = trans.get(fail[s])[c];
          queue.add(t);
        }
      }
    }
    next = trans.toArray(new int[0][]);
    outputs = new int[n][];
    for (int i = 0; i < n; i++) {
      List<Integer> o = out.get(i);
      if (!o.isEmpty()) outputs[i] = o.stream().distinct().mapToInt(Integer::intValue).toArray();
    }
  }

  private static int[] newState() {
    int[] a = new int[ALPHABET];
    Arrays.fill(a, -1);
    return a;
  }

  /**
   * Marks in {@code found} every keyword the text contains; returns false (and leaves
   * {@code found} empty) when it contains none.
   */
  boolean scan(CharSequence text, BitSet found) {
    int s = 0;
    boolean any = false;
    int[][] next = this.next;
    for (int i = 0, len = text.length(); i < len; i++) {
      int c = text.charAt(i);
      if (c >= ALPHABET) {
        s = 0;
        continue;
      }
      if (c >= 'A' && c <= 'Z') c += 32;
      s = next[s][c];
      int[] o = outputs[s];
      if (o != null) {
        any = true;
        for (int k : o) found.set(k);
      }
    }
    return any;
  }
}
