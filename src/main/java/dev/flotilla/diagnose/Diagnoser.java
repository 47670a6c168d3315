package dev.flotilla.diagnose;

import dev.flotilla.model.Redactor;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies a failure against the signature catalogue: each log line is first scanned for the
 * catalogue's literal keywords in one pass, and only the signatures owning a keyword it contains
 * run their regular expression, so ordinary lines cost a scan and nothing more. Lines that look
 * like errors but match no signature are grouped into templates by a {@link TemplateMiner}.
 *
 * <p>Thread-safe: one instance serves every caller.
 */
public final class Diagnoser {
  private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

  /** Words that make an unmatched line worth grouping as an unknown error. */
  private static final List<String> ERROR_WORDS =
      List.of("error", "exception", "fatal", "fail", "panic", "critical", "refused", "denied",
          "cannot", "can't", "unable", "not found", "invalid", "killed", "timeout", "timed out",
          "abort", "segfault", "crash", "unhealthy", "errno", "traceback", "no such", "missing",
          "unexpected", "violation", "exited with", "exit code", "emerg", "severe");

  private final Catalogue catalogue;
  private final List<Signature> signatures;
  private final KeywordIndex index;
  /** keyword id → indexes of the signatures that own it. */
  private final int[][] owners;
  private final List<Signature> nonLine;
  private final KeywordIndex errorWords;
  private final Map<Signature, List<String>> groupNames = new HashMap<>();

  public Diagnoser(Catalogue catalogue) {
    this.catalogue = catalogue;
    this.signatures = catalogue.signatures();
    Map<String, Integer> kwIds = new LinkedHashMap<>();
    Map<Integer, List<Integer>> own = new HashMap<>();
    List<Signature> rest = new ArrayList<>();
    for (int i = 0; i < signatures.size(); i++) {
      Signature s = signatures.get(i);
      if (!s.hasPattern()) {
        rest.add(s);
        continue;
      }
      for (String k : s.keywords()) {
        int id = kwIds.computeIfAbsent(k.toLowerCase(java.util.Locale.ROOT), x -> kwIds.size());
        own.computeIfAbsent(id, x -> new ArrayList<>()).add(i);
      }
      List<String> names = new ArrayList<>();
      for (Pattern p : new Pattern[] {s.line(), s.engine()}) {
        if (p == null) continue;
        Matcher m = GROUP_NAME.matcher(p.pattern());
        while (m.find()) if (!names.contains(m.group(1))) names.add(m.group(1));
      }
      groupNames.put(s, names);
    }
    this.index = new KeywordIndex(new ArrayList<>(kwIds.keySet()));
    this.owners = new int[kwIds.size()][];
    for (int k = 0; k < owners.length; k++) {
      owners[k] = own.get(k).stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
    }
    this.nonLine = List.copyOf(rest);
    this.errorWords = new KeywordIndex(ERROR_WORDS);
  }

  private static volatile Diagnoser builtIn;

  /** A classifier over the built-in catalogue. */
  public static Diagnoser builtIn() {
    Diagnoser d = builtIn;
    if (d == null) {
      synchronized (Diagnoser.class) {
        if (builtIn == null) builtIn = new Diagnoser(Catalogue.builtIn());
        d = builtIn;
      }
    }
    return d;
  }

  public Catalogue catalogue() {
    return catalogue;
  }

  /** A match of one signature on one line or message. */
  public record Match(Signature signature, Map<String, String> groups) {}

  /** Per-thread scratch space, so classifying a line allocates nothing when nothing matches. */
  private static final class Scratch {
    final BitSet keywords = new BitSet();
    final BitSet candidates = new BitSet();
  }

  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

  /**
   * The best signature for one log line (highest priority, then catalogue order), or null. Exit
   * code and OOM conditions of a signature are checked against {@code exitCode}/{@code oom}
   * (null: unknown, which fails a signature that needs them).
   */
  public Match match(String line, DiagnosisContext context, Integer exitCode, Boolean oom, boolean engine) {
    Scratch sc = scratch.get();
    BitSet kw = sc.keywords;
    if (!index.scan(line, kw)) return null;
    BitSet cand = sc.candidates;
    for (int k = kw.nextSetBit(0); k >= 0; k = kw.nextSetBit(k + 1)) {
      for (int s : owners[k]) cand.set(s);
    }
    kw.clear();
    Match best = null;
    for (int i = cand.nextSetBit(0); i >= 0; i = cand.nextSetBit(i + 1)) {
      Signature s = signatures.get(i);
      if (best != null && s.priority() <= best.signature().priority()) continue;
      Match m = tryMatch(s, line, context, exitCode, oom, engine);
      if (m != null) best = m;
    }
    cand.clear();
    return best;
  }

  /** {@link #match} for a line of a pasted log, with nothing else known. */
  public Match match(String line) {
    return match(line, DiagnosisContext.EMPTY, null, null, false);
  }

  private Match tryMatch(Signature s, String line, DiagnosisContext ctx, Integer exitCode, Boolean oom, boolean engine) {
    if (!s.exitCodes().isEmpty() && (exitCode == null || !s.exitCodes().contains(exitCode))) return null;
    if (s.oom() != null && (oom == null || !s.oom().equals(oom))) return null;
    Matcher m = null;
    if (s.line() != null) {
      Matcher lm = s.line().matcher(line);
      if (lm.find()) m = lm;
    }
    if (m == null && engine && s.engine() != null) {
      Matcher em = s.engine().matcher(line);
      if (em.find()) m = em;
    }
    if (m == null) return null;
    Map<String, String> groups = new LinkedHashMap<>();
    for (String g : groupNames.get(s)) {
      String v;
      try {
        v = m.group(g);
      } catch (IllegalArgumentException notInThisPattern) {
        v = null;
      }
      if (v == null) continue;
      // Alternatives of one pattern name their groups host, host2, host3: all mean "host".
      String base = g.replaceFirst("\\d+$", "");
      groups.putIfAbsent(base, v);
    }
    if (!conditionHolds(s.when(), groups, ctx)) return null;
    return new Match(s, groups);
  }

  private static boolean conditionHolds(Signature.Condition when, Map<String, String> groups, DiagnosisContext ctx) {
    return switch (when) {
      case NONE -> true;
      case SIBLING_MODULE -> ctx.isSibling(groups.get("module"));
      case NOT_SIBLING_MODULE -> !ctx.isSibling(groups.get("module"));
      case LOCAL_HOST -> DiagnosisContext.isLocalHost(groups.get("host"));
      case REMOTE_HOST -> groups.get("host") != null && !DiagnosisContext.isLocalHost(groups.get("host"));
    };
  }

  /** Diagnoses a failure: ranked diagnoses and the unknown error lines grouped into templates. */
  public DiagnosisReport diagnose(Failure f) {
    return diagnose(f, new TemplateMiner());
  }

  /** As {@link #diagnose(Failure)}, grouping unknown lines with the given (possibly seeded) miner. */
  public DiagnosisReport diagnose(Failure f, TemplateMiner miner) {
    Map<String, Diagnosis> found = new LinkedHashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    DiagnosisContext ctx = f.context();
    Boolean oom = f.exitCode() == null && !f.oomKilled() ? null : f.oomKilled();

    if (f.engineError() != null && !f.engineError().isBlank()) {
      for (String line : f.engineError().split("\\R")) {
        if (line.isBlank()) continue;
        Match m = match(line, ctx, f.exitCode(), oom, true);
        if (m != null) record(found, counts, m, Diagnosis.Source.ENGINE, 0, line);
      }
    }
    int n = 0;
    boolean inKey = false;
    for (String raw : f.logLines()) {
      n++;
      String line = raw;
      if (line.isEmpty()) continue;
      if (line.contains("PRIVATE KEY-----")) inKey = line.contains("-----BEGIN") && !line.contains("-----END");
      if (inKey) continue;
      Match m = match(line, ctx, f.exitCode(), oom, false);
      if (m != null) {
        record(found, counts, m, Diagnosis.Source.LOG, n, line);
      } else if (looksLikeError(line)) {
        miner.add(line, n);
      }
    }
    for (Signature s : nonLine) {
      if (!s.exitCodes().isEmpty() && (f.exitCode() == null || !s.exitCodes().contains(f.exitCode()))) continue;
      if (s.oom() != null && s.oom() != f.oomKilled()) continue;
      String text = (f.exitCode() == null ? "" : "exit code " + f.exitCode()) + (f.oomKilled() ? (f.exitCode() == null ? "" : ", ") + "killed by the OOM killer" : "");
      Diagnosis.Source src = s.oom() != null && s.oom() ? Diagnosis.Source.OOM : Diagnosis.Source.EXIT_CODE;
      Map<String, String> groups = new LinkedHashMap<>();
      if (f.exitCode() != null) groups.put("exit", String.valueOf(f.exitCode()));
      record(found, counts, new Match(s, groups), src, 0, text);
    }
    List<Diagnosis> list = new ArrayList<>();
    Set<String> codesFromText = new HashSet<>();
    for (Diagnosis d : found.values()) {
      if (d.evidence().source() == Diagnosis.Source.LOG || d.evidence().source() == Diagnosis.Source.ENGINE) codesFromText.add(d.code());
    }
    for (Diagnosis d : found.values()) {
      // An exit code that only repeats what a log line already said adds nothing.
      boolean exitOnly = d.evidence().source() == Diagnosis.Source.EXIT_CODE;
      if (exitOnly && codesFromText.contains(d.code())) continue;
      list.add(d.withOccurrences(counts.get(d.signatureId())));
    }
    Map<String, Integer> priority = new HashMap<>();
    for (Signature s : signatures) priority.put(s.id(), s.priority());
    list.sort(
        Comparator.<Diagnosis>comparingInt(d -> -priority.get(d.signatureId()))
            .thenComparingInt(d -> sourceRank(d.evidence().source()))
            .thenComparingInt(d -> d.evidence().line()));
    return new DiagnosisReport(list, miner.templates(), n);
  }

  private static int sourceRank(Diagnosis.Source s) {
    return switch (s) {
      case ENGINE -> 0;
      case OOM -> 1;
      case LOG -> 2;
      case EXIT_CODE -> 3;
    };
  }

  private void record(Map<String, Diagnosis> found, Map<String, Integer> counts, Match m,
      Diagnosis.Source source, int lineNo, String text) {
    Signature s = m.signature();
    counts.merge(s.id(), 1, Integer::sum);
    if (found.containsKey(s.id())) return;
    Diagnosis.Evidence ev = new Diagnosis.Evidence(source, lineNo, Redactor.redactText(text.strip()));
    Map<String, String> groups = new LinkedHashMap<>();
    m.groups().forEach((k, v) -> groups.put(k, Redactor.redactText(v)));
    String ruleTitle = s.rule() == null ? null : catalogue.rules().get(s.rule());
    found.put(
        s.id(),
        new Diagnosis(s.id(), s.code(), s.category(), s.severity(), Signature.fill(s.title(), groups),
            Signature.fill(s.cause(), groups), Signature.fill(s.fix(), groups), s.rule(), ruleTitle,
            ev, 1, Map.copyOf(groups)));
  }

  /** True when a line that matched no signature still reads like an error worth grouping. */
  public boolean looksLikeError(String line) {
    BitSet b = new BitSet();
    return errorWords.scan(line, b);
  }

  /** Classifies one line, returning the diagnosis it alone supports, or null. For streaming callers. */
  public Diagnosis classifyLine(String line, DiagnosisContext context) {
    Match m = match(line, context, null, null, false);
    if (m == null) return null;
    Map<String, Diagnosis> found = new LinkedHashMap<>();
    record(found, new HashMap<>(), m, Diagnosis.Source.LOG, 0, line);
    return found.values().iterator().next();
  }
}
