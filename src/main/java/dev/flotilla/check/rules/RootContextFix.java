package dev.flotilla.check.rules;

import dev.flotilla.check.Fix;
import dev.flotilla.check.TextEdit;
import dev.flotilla.check.facts.BuildInputs;
import dev.flotilla.check.facts.ProjectText;
import dev.flotilla.model.Service;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * BLD001's fix: build from a context that contains every source (the nearest common parent
 * inside the project), point {@code dockerfile} at the Dockerfile from there, and rewrite each
 * context COPY/ADD source relative to it. Edits text in place; offered only when the new context
 * stays inside the project, the Dockerfile is built by this service alone and the compose
 * {@code build} entry can be located.
 */
final class RootContextFix {
  private RootContextFix() {}

  static Optional<Fix> forService(Stack stack, Service s) {
    Path project = stack.projectDir().toAbsolutePath().normalize();
    Path oldCtx = s.build().context().toAbsolutePath().normalize();
    Path dockerfile = s.build().dockerfile();
    if (dockerfile == null || s.build().dockerfileInline() != null) return Optional.empty();
    for (Service other : stack.services().values()) {
      if (other != s && other.builds() && dockerfile.equals(other.build().dockerfile())) return Optional.empty();
    }
    List<BuildInputs.Source> sources = BuildInputs.sources(s);
    Path ctx = oldCtx;
    for (BuildInputs.Source src : sources) {
      while (ctx != null && !src.resolved().startsWith(ctx)) ctx = ctx.getParent();
    }
    if (ctx == null || !ctx.startsWith(project) || ctx.equals(oldCtx)) return Optional.empty();

    List<TextEdit> edits = new ArrayList<>();
    if (!composeEdits(s, project, ctx, dockerfile, edits)) return Optional.empty();
    // rewrite the sources, last instruction first is not needed: edits are applied by offset per file
    List<String> dfLines = ProjectText.lines(dockerfile);
    for (BuildInputs.Source src : sources) {
      String rewritten = rel(ctx, src.resolved());
      if (src.text().endsWith("/") && !rewritten.endsWith("/")) rewritten = rewritten + "/";
      if (rewritten.equals(src.text())) continue;
      SourceLocation at = src.instruction().location();
      Optional<int[]> span = findWord(dfLines, at.line(), src.instruction().endLine(), src.text());
      if (span.isEmpty()) return Optional.empty();
      edits.add(new TextEdit(dockerfile, span.get()[0], span.get()[1], rewritten));
    }
    String rel = rel(project, ctx);
    return Optional.of(new Fix("build " + s.name() + " from context " + rel + " and rewrite its COPY paths", List.copyOf(edits)));
  }

  private static boolean composeEdits(Service s, Path project, Path ctx, Path dockerfile, List<TextEdit> edits) {
    SourceLocation build = s.build().location();
    if (build == null || !build.known()) return false;
    List<String> lines = ProjectText.lines(build.file());
    if (build.line() > lines.size()) return false;
    Path composeDir = build.file().toAbsolutePath().getParent();
    String ctxText = rel(composeDir, ctx);
    String dfText = rel(ctx, dockerfile);
    String line = lines.get(build.line() - 1);
    int colon = line.indexOf("build:");
    if (colon >= 0) {
      // short form: build: ./services/api (the loader locates the value on the build line)
      String after = stripComment(line.substring(colon + "build:".length())).strip();
      if (after.isEmpty() || after.startsWith("{")) return false;
      int valueStart = line.indexOf(after, colon);
      int cut = valueStart;
      while (cut > colon + "build:".length() && line.charAt(cut - 1) == ' ') cut--;
      String pad = " ".repeat(ProjectText.indent(line) + 2);
      String replacement = "\n" + pad + "context: " + ctxText + "\n" + pad + "dockerfile: " + dfText;
      edits.add(new TextEdit(build.file(), offsetOf(lines, build.line()) + cut, valueStart - cut + after.length(), replacement));
      return true;
    }
    // long form: the location is the mapping's first key
    Optional<SourceLocation> ctxKey = ProjectText.findInMap(build, "context");
    Optional<SourceLocation> dfKey = ProjectText.findInMap(build, "dockerfile");
    if (ctxKey.isEmpty()) return false;
    if (!replaceValue(lines, ctxKey.get(), "context", ctxText, edits)) return false;
    if (dfKey.isPresent()) return replaceValue(lines, dfKey.get(), "dockerfile", dfText, edits);
    String ctxLine = lines.get(ctxKey.get().line() - 1);
    int endOfCtxLine = offsetOf(lines, ctxKey.get().line()) + ctxLine.length();
    edits.add(new TextEdit(build.file(), endOfCtxLine, 0, "\n" + " ".repeat(ProjectText.indent(ctxLine)) + "dockerfile: " + dfText));
    return true;
  }

  private static boolean replaceValue(List<String> lines, SourceLocation key, String name, String value, List<TextEdit> edits) {
    String line = lines.get(key.line() - 1);
    int k = line.indexOf(name + ":");
    if (k < 0) return false;
    int start = k + name.length() + 1;
    String rest = stripComment(line.substring(start));
    int valueStart = start + (rest.length() - rest.stripLeading().length());
    int valueLen = rest.strip().length();
    if (valueLen == 0) return false;
    edits.add(new TextEdit(key.file(), offsetOf(lines, key.line()) + valueStart, valueLen, value));
    return true;
  }

  static String stripComment(String s) {
    int k = s.indexOf(" #");
    return k < 0 ? s : s.substring(0, k);
  }

  /** Offset of the start of 1-based {@code line}, assuming '\n' line ends. */
  static int offsetOf(List<String> lines, int line) {
    int off = 0;
    for (int i = 0; i < line - 1 && i < lines.size(); i++) off += lines.get(i).length() + 1;
    return off;
  }

  /** Offset and length of {@code word} as a whole word on lines from..to (inclusive, 1-based). */
  static Optional<int[]> findWord(List<String> lines, int from, int to, String word) {
    for (int ln = from; ln <= Math.max(from, to) && ln <= lines.size(); ln++) {
      String l = lines.get(ln - 1);
      int k = -1;
      while ((k = l.indexOf(word, k + 1)) >= 0) {
        boolean startOk = k == 0 || " \t\"'[,".indexOf(l.charAt(k - 1)) >= 0;
        int e = k + word.length();
        boolean endOk = e == l.length() || " \t\"',]".indexOf(l.charAt(e)) >= 0;
        // never rewrite the keyword or a flag
        if (startOk && endOk && (ln > from || k > 3)) return Optional.of(new int[] {offsetOf(lines, ln) + k, word.length()});
      }
    }
    return Optional.empty();
  }

  static String rel(Path from, Path to) {
    String r = from.relativize(to).toString().replace('\\', '/');
    return r.isEmpty() ? "." : r;
  }
}
