package dev.flotilla.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A unified diff of two texts by lines (Myers' O(ND) algorithm: fixes change few lines, so D is
 * small even in a long compose file). Output follows {@code diff -u}: {@code --- a/NAME},
 * {@code +++ b/NAME}, hunks with {@code context} lines around each change.
 */
final class UnifiedDiff {
  private UnifiedDiff() {}

  private enum Op { KEEP, DEL, ADD }

  private record Line(Op op, String text, int oldNo, int newNo) {}

  static String of(String name, String before, String after, int context) {
    List<String> a = lines(before);
    List<String> b = lines(after);
    List<Line> script = script(a, b);
    StringBuilder sb = new StringBuilder();
    sb.append("--- ").append(before == null ? "/dev/null" : "a/" + name).append('\n');
    sb.append("+++ b/").append(name).append('\n');
    int i = 0;
    while (i < script.size()) {
      if (script.get(i).op == Op.KEEP) {
        i++;
        continue;
      }
      int start = Math.max(0, i - context);
      int end = i;
      // extend the hunk while the next change is within 2 × context lines
      while (true) {
        int j = end;
        while (j < script.size() && script.get(j).op != Op.KEEP) j++;
        int k = j;
        while (k < script.size() && script.get(k).op == Op.KEEP && k - j < 2 * context + 1) k++;
        if (k < script.size() && script.get(k).op != Op.KEEP) {
          end = k;
          continue;
        }
        end = Math.min(script.size(), j + context);
        break;
      }
      int oldStart = 0;
      int newStart = 0;
      int oldCount = 0;
      int newCount = 0;
      for (int x = start; x < end; x++) {
        Line l = script.get(x);
        if (l.op != Op.ADD) {
          if (oldCount == 0) oldStart = l.oldNo;
          oldCount++;
        }
        if (l.op != Op.DEL) {
          if (newCount == 0) newStart = l.newNo;
          newCount++;
        }
      }
      if (oldCount == 0) oldStart = previousOld(script, start);
      if (newCount == 0) newStart = previousNew(script, start);
      sb.append("@@ -").append(range(oldStart, oldCount)).append(" +").append(range(newStart, newCount)).append(" @@\n");
      for (int x = start; x < end; x++) {
        Line l = script.get(x);
        sb.append(l.op == Op.KEEP ? ' ' : l.op == Op.DEL ? '-' : '+').append(l.text).append('\n');
      }
      i = end;
    }
    return sb.toString();
  }

  private static int previousOld(List<Line> script, int at) {
    for (int x = at - 1; x >= 0; x--) if (script.get(x).op != Op.ADD) return script.get(x).oldNo;
    return 0;
  }

  private static int previousNew(List<Line> script, int at) {
    for (int x = at - 1; x >= 0; x--) if (script.get(x).op != Op.DEL) return script.get(x).newNo;
    return 0;
  }

  private static String range(int start, int count) {
    return count == 1 ? String.valueOf(start) : start + "," + count;
  }

  private static List<String> lines(String text) {
    if (text == null || text.isEmpty()) return List.of();
    List<String> out = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
    return out;
  }

  /** The edit script, by Myers' greedy algorithm with one saved frontier per D. */
  private static List<Line> script(List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    int max = n + m;
    int offset = max + 1;
    int[] v = new int[2 * max + 3];
    List<int[]> trace = new ArrayList<>();
    int found = -1;
    for (int d = 0; d <= max && found < 0; d++) {
      trace.add(v.clone());
      for (int k = -d; k <= d; k += 2) {
        int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1;
        int y = x - k;
        while (x < n && y < m && a.get(x).equals(b.get(y))) {
          x++;
          y++;
        }
        v[offset + k] = x;
        if (x >= n && y >= m) {
          found = d;
          break;
        }
      }
    }
    List<Line> rev = new ArrayList<>();
    int x = n;
    int y = m;
    for (int d = found; d > 0; d--) {
      int[] pv = trace.get(d);
      int k = x - y;
      int prevK = (k == -d || (k != d && pv[offset + k - 1] < pv[offset + k + 1])) ? k + 1 : k - 1;
      int prevX = pv[offset + prevK];
      int prevY = prevX - prevK;
      while (x > prevX && y > prevY) {
        rev.add(new Line(Op.KEEP, a.get(x - 1), x, y));
        x--;
        y--;
      }
      if (x == prevX) {
        rev.add(new Line(Op.ADD, b.get(y - 1), x, y));
        y--;
      } else {
        rev.add(new Line(Op.DEL, a.get(x - 1), x, y));
        x--;
      }
    }
    while (x > 0 && y > 0) {
      rev.add(new Line(Op.KEEP, a.get(x - 1), x, y));
      x--;
      y--;
    }
    List<Line> out = new ArrayList<>(rev.size());
    for (int i = rev.size() - 1; i >= 0; i--) out.add(rev.get(i));
    return out;
  }
}
