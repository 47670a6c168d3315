package dev.flotilla.diagnose;

import dev.flotilla.model.Redactor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Groups log lines that no signature knows into templates, in the manner of Drain (He et al.,
 * ICWS 2017): variable parts are masked first ({@link #mask}); lines with the same number of
 * tokens and the same first token are compared position by position, and a line at least
 * {@code threshold} similar to a template joins it, the differing positions becoming {@code <*>}.
 *
 * <p>Templates passed to the constructor are known already (the store keeps them): they never
 * change, so their fingerprints stay stable from one deployment to the next. Not thread-safe.
 */
public final class TemplateMiner {
  public static final String WILDCARD = "<*>";
  private static final double DEFAULT_THRESHOLD = 0.5;

  private record Mask(Pattern pattern, String token) {}

  private static final List<Mask> MASKS =
      List.of(
          new Mask(Pattern.compile("\\u001b\\[[0-9;]*m"), ""),
          new Mask(Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?"), "<TS>"),
          new Mask(Pattern.compile("\\b\\d{1,2}:\\d{2}:\\d{2}(?:[.,]\\d+)?\\b"), "<TS>"),
          new Mask(Pattern.compile("\\b[A-Za-z][A-Za-z0-9+.\\-]*://[^\\s\"'<>]+"), "<URL>"),
          new Mask(Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b"), "<UUID>"),
          new Mask(Pattern.compile("\\b[\\w.+\\-]+@[\\w\\-]+(?:\\.[\\w\\-]+)+\\b"), "<EMAIL>"),
          new Mask(Pattern.compile("\\b(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d{1,5})?\\b"), "<IP>"),
          new Mask(Pattern.compile("(?<![\\w:])(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{1,4}\\b"), "<IP>"),
          new Mask(Pattern.compile("\"[^\"]*\"|(?<![A-Za-z])'[^']*'"), "<STR>"),
          new Mask(Pattern.compile("(?<![\\w.<>])(?:[A-Za-z]:)?(?:[/\\\\][\\w.\\-@+~]+)+[/\\\\]?"), "<PATH>"),
          new Mask(Pattern.compile("\\b0x[0-9a-fA-F]+\\b"), "<HEX>"),
          new Mask(Pattern.compile("\\b(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{7,}\\b"), "<HEX>"),
          new Mask(Pattern.compile("(?<![A-Za-z<])[-+]?\\d+(?:\\.\\d+)?(?:ms|s|m|h|kb|mb|gb|kib|mib|gib|b|%)?\\b"), "<NUM>"));

  private static final Pattern SPACE = Pattern.compile("\\s+");

  /** One group of lines. */
  private static final class Cluster {
    final String[] tokens;
    final boolean known;
    String example;
    int firstLine;
    int lastLine;
    int count;

    Cluster(String[] tokens, boolean known, String example, int line) {
      this.tokens = tokens;
      this.known = known;
      this.example = example;
      this.firstLine = line;
      this.lastLine = line;
    }

    String template() {
      return String.join(" ", tokens);
    }
  }

  private final double threshold;
  private final Map<String, List<Cluster>> buckets = new HashMap<>();
  private final List<Cluster> order = new ArrayList<>();

  public TemplateMiner() {
    this(List.of(), DEFAULT_THRESHOLD);
  }

  /** A miner that first tries the given known templates (as returned in {@link LogTemplate#template}). */
  public TemplateMiner(Collection<String> knownTemplates) {
    this(knownTemplates, DEFAULT_THRESHOLD);
  }

  public TemplateMiner(Collection<String> knownTemplates, double threshold) {
    this.threshold = threshold;
    for (String t : knownTemplates) {
      String[] tokens = tokens(t);
      if (tokens.length == 0) continue;
      Cluster c = new Cluster(tokens, true, null, 0);
      buckets.computeIfAbsent(key(tokens), k -> new ArrayList<>()).add(c);
    }
  }

  /** The line with its variable parts replaced by {@code <TS>}, {@code <IP>}, {@code <NUM>}, …. */
  public static String mask(String line) {
    String s = line.indexOf('\u001b') >= 0 ? MASKS.get(0).pattern().matcher(line).replaceAll("") : line;
    Matcher m = ALL.matcher(s);
    StringBuilder sb = new StringBuilder(s.length());
    int last = 0;
    while (m.find()) {
      int g = 1;
      while (m.group(g) == null) g++;
      sb.append(s, last, m.start()).append(MASKS.get(g).token());
      last = m.end();
    }
    sb.append(s, last, s.length());
    return SPACE.matcher(sb.toString().strip()).replaceAll(" ");
  }

  /** Every mask but the first (ANSI colours) in one alternation, tried in order at each position. */
  private static final Pattern ALL = combined();

  private static Pattern combined() {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < MASKS.size(); i++) {
      if (sb.length() > 0) sb.append('|');
      sb.append('(').append(MASKS.get(i).pattern().pattern()).append(')');
    }
    return Pattern.compile(sb.toString());
  }

  /** A stable 16-hex-digit fingerprint of a template's text. */
  public static String fingerprint(String template) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(template.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The fingerprint of one line on its own: the fingerprint of its masked form. */
  public static String fingerprintOf(String line) {
    return fingerprint(mask(Redactor.redactText(line)));
  }

  private static String[] tokens(String masked) {
    String s = masked.strip();
    return s.isEmpty() ? new String[0] : SPACE.split(s);
  }

  private static String key(String[] tokens) {
    String first = tokens[0];
    boolean variable = first.startsWith("<") && first.endsWith(">");
    return tokens.length + "\u0000" + (variable ? WILDCARD : first);
  }

  /** Adds a line (1-based number {@code lineNo}); returns the template it now belongs to. */
  public String add(String line, int lineNo) {
    // Redact first: a template is stored and shown, and a secret must not become its fixed part.
    String clean = Redactor.redactText(line);
    String[] tokens = tokens(mask(clean));
    if (tokens.length == 0) return "";
    List<Cluster> bucket = buckets.computeIfAbsent(key(tokens), k -> new ArrayList<>());
    Cluster best = null;
    double bestSim = -1;
    for (Cluster c : bucket) {
      double sim = similarity(c, tokens);
      if (sim > bestSim) {
        bestSim = sim;
        best = c;
      }
    }
    if (best != null && (best.known ? bestSim >= 1.0 : bestSim >= threshold)) {
      if (!best.known) {
        for (int i = 0; i < tokens.length; i++) {
          if (!best.tokens[i].equals(tokens[i])) best.tokens[i] = WILDCARD;
        }
      }
      if (best.count == 0) {
        order.add(best);
        best.example = clean.strip();
        best.firstLine = lineNo;
      }
      best.count++;
      best.lastLine = lineNo;
      return best.template();
    }
    Cluster c = new Cluster(tokens, false, clean.strip(), lineNo);
    c.count = 1;
    bucket.add(c);
    order.add(c);
    return c.template();
  }

  /** Share of positions equal (a wildcard matches anything); a known template must match fully. */
  private static double similarity(Cluster c, String[] tokens) {
    int same = 0;
    int fixed = 0;
    for (int i = 0; i < tokens.length; i++) {
      String t = c.tokens[i];
      if (t.equals(WILDCARD)) continue;
      fixed++;
      if (t.equals(tokens[i])) same++;
    }
    if (fixed == 0) return c.known ? 1.0 : 0.0;
    return c.known ? (same == fixed ? 1.0 : 0.0) : (double) same / tokens.length;
  }

  /** Every template that got at least one line, most frequent first. */
  public List<LogTemplate> templates() {
    List<LogTemplate> out = new ArrayList<>();
    for (Cluster c : order) {
      String t = c.template();
      String example = c.example != null ? c.example : t;
      out.add(new LogTemplate(fingerprint(t), t, c.count, example, c.firstLine, c.lastLine));
    }
    out.sort(Comparator.comparingInt(LogTemplate::occurrences).reversed().thenComparingInt(LogTemplate::firstLine));
    return out;
  }
}
