package dev.flotilla.check.facts;

import dev.flotilla.model.Dockerfile;
import dev.flotilla.model.EnvVar;
import dev.flotilla.model.Instruction;
import dev.flotilla.model.Located;
import dev.flotilla.model.Service;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a service's container runs, the way Docker combines it: the image's ENTRYPOINT and CMD
 * (from the Dockerfile when built here, following {@code FROM <stage>}), overridden by compose
 * {@code entrypoint} (which also drops the image's CMD) and {@code command}; plus the process
 * environment (Dockerfile ENV, then compose environment). {@code baseImage} is the external image
 * the container starts from (the service's image, or the first non-stage FROM of its build).
 * When the service runs an image built elsewhere its ENTRYPOINT and CMD are not known here
 * ({@code entrypointKnown}/{@code cmdKnown} false): callers fall back to what the image is known for.
 */
public record ProcessCommand(
    List<String> entrypoint,
    List<String> cmd,
    SourceLocation entrypointLocation,
    SourceLocation cmdLocation,
    boolean entrypointKnown,
    boolean cmdKnown,
    String baseImage,
    Map<String, String> env,
    List<Stage> stages) {

  /** ENTRYPOINT followed by CMD. */
  public List<String> argv() {
    List<String> all = new ArrayList<>(entrypoint);
    all.addAll(cmd);
    return all;
  }

  /** The location to point at for the command: CMD's line when it has words, else ENTRYPOINT's. */
  public SourceLocation location() {
    if (!cmd.isEmpty() && cmdLocation != null && cmdLocation.known()) return cmdLocation;
    return entrypointLocation == null ? SourceLocation.UNKNOWN : entrypointLocation;
  }

  public static ProcessCommand of(Service s) {
    List<Stage> chain = stageChain(s);
    List<String> ep = List.of();
    List<String> cmd = List.of();
    SourceLocation epAt = SourceLocation.UNKNOWN;
    SourceLocation cmdAt = SourceLocation.UNKNOWN;
    boolean epKnown = false;
    boolean cmdKnown = false;
    Map<String, String> env = new LinkedHashMap<>();
    String base = s.imageName();
    if (!chain.isEmpty()) {
      base = chain.get(0).baseImage();
      for (Stage st : chain) {
        for (Instruction i : st.instructions()) {
          switch (i.keyword()) {
            case "ENTRYPOINT" -> {
              ep = words(i);
              epAt = i.location();
              epKnown = true;
              // Setting ENTRYPOINT resets a CMD inherited from the base image.
              cmd = List.of();
              cmdKnown = true;
            }
            case "CMD" -> {
              cmd = words(i);
              cmdAt = i.location();
              cmdKnown = true;
            }
            case "ENV" -> env.putAll(envPairs(i, env));
            default -> {}
          }
        }
      }
    }
    for (EnvVar v : s.environment().values()) if (v.hasValue()) env.put(v.name(), v.value());
    Located<List<String>> ce = s.entrypoint();
    Located<List<String>> cc = s.command();
    if (ce != null) {
      ep = ce.value();
      epAt = ce.location();
      epKnown = true;
      cmd = List.of(); // compose entrypoint drops the image's CMD
      cmdKnown = true;
    }
    if (cc != null) {
      cmd = cc.value();
      cmdAt = cc.location();
      cmdKnown = true;
    }
    return new ProcessCommand(List.copyOf(ep), List.copyOf(cmd), epAt, cmdAt, epKnown, cmdKnown, base, Map.copyOf(env), chain);
  }

  /** The stages the service's image is made of, from the first external base to the target stage. */
  public static List<Stage> stageChain(Service s) {
    var target = s.buildStage();
    if (target.isEmpty()) return List.of();
    Dockerfile df = s.build().parsed();
    List<Stage> chain = new ArrayList<>();
    Stage cur = target.get();
    for (int guard = 0; cur != null && guard < 50; guard++) {
      chain.add(0, cur);
      String from = cur.baseImage();
      Stage parent = null;
      if (from != null) {
        for (Stage st : df.stages()) {
          if (st.index() < cur.index() && st.name() != null && st.name().equalsIgnoreCase(from)) parent = st;
        }
      }
      cur = parent;
    }
    return chain;
  }

  /** JSON-form words as written; shell form becomes {@code /bin/sh -c "<raw>"} as Docker runs it. */
  static List<String> words(Instruction i) {
    if (i.jsonForm()) return i.args();
    return List.of("/bin/sh", "-c", i.raw().trim());
  }

  static Map<String, String> envPairs(Instruction i, Map<String, String> before) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> a = i.args();
    boolean legacy = !a.isEmpty() && !a.get(0).contains("=");
    if (legacy) {
      // ENV KEY value with spaces
      String raw = i.raw().trim();
      int sp = raw.indexOf(' ');
      if (sp > 0) out.put(raw.substring(0, sp), unquote(raw.substring(sp + 1).trim()));
      return out;
    }
    for (String w : Shell.words(i.raw())) {
      int eq = w.indexOf('=');
      if (eq <= 0) continue;
      String k = w.substring(0, eq);
      String v = Shell.expand(w.substring(eq + 1), name -> out.containsKey(name) ? out.get(name) : before.get(name));
      out.put(k, v == null ? w.substring(eq + 1) : v);
    }
    return out;
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) return v.substring(1, v.length() - 1);
    return v;
  }
}
