package dev.flotilla.check.rules;

import dev.flotilla.check.Fix;
import dev.flotilla.check.TextEdit;
import dev.flotilla.check.facts.EffectiveHealthcheck;
import dev.flotilla.check.facts.ImageFacts;
import dev.flotilla.check.facts.ProjectText;
import dev.flotilla.check.facts.ShellScript;
import dev.flotilla.model.Service;
import dev.flotilla.model.SourceLocation;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * HLT001's fix: a plain HTTP probe ({@code curl -f URL}, {@code wget -q --spider URL}, possibly
 * with {@code || exit 1}) becomes the same probe with a tool the image surely has. Only the
 * {@code test:} value (compose) or the HEALTHCHECK's command (Dockerfile) is rewritten.
 */
final class HealthcheckToolFix {
  private HealthcheckToolFix() {}

  static Optional<Fix> forService(Service s, EffectiveHealthcheck hc, ImageFacts.Tools tools) {
    if (tools.confidence() == ImageFacts.Confidence.GUESS) return Optional.empty();
    List<String> words = hc.isShellForm() ? ShellScript.words(String.join(" ", hc.command())) : hc.command();
    if (!simpleHttpProbe(words)) return Optional.empty();
    String url = ShellScript.firstUrl(words);
    if (url == null || url.contains("'") || url.contains("\"") || url.contains("$")) return Optional.empty();
    List<String> replacement = replacement(url, tools);
    if (replacement == null) return Optional.empty();
    String flow = "[" + replacement.stream().map(HealthcheckToolFix::quote).collect(Collectors.joining(", ")) + "]";
    String tool = replacement.get(1);
    if (hc.fromDockerfile()) {
      return dockerfileEdit(hc, replacement).map(e -> new Fix("probe with " + tool + " instead (the image has it)", List.of(e)));
    }
    return composeEdit(hc.location(), flow).map(e -> new Fix("probe with " + tool + " instead (the image has it): test: " + flow, List.of(e)));
  }

  /** curl/wget with flags and one URL, optionally followed by {@code || exit 1}. */
  static boolean simpleHttpProbe(List<String> w) {
    if (w.isEmpty()) return false;
    String first = ImageFacts.normalizeTool(w.get(0));
    if (!first.equals("curl") && !first.equals("wget")) return false;
    int urls = 0;
    for (int i = 1; i < w.size(); i++) {
      String x = w.get(i);
      if (x.equals("||")) {
        return i + 2 == w.size() && w.get(i + 1).equals("exit") || i + 3 == w.size() && w.get(i + 1).equals("exit") && w.get(i + 2).matches("\\d+");
      }
      if (ShellScript.OPERATORS.contains(x) || x.startsWith(">") || x.startsWith("-d") || x.equals("-X") || x.startsWith("--data")) return false;
      if (x.startsWith("http://") || x.startsWith("https://")) urls++;
    }
    return urls == 1;
  }

  static List<String> replacement(String url, ImageFacts.Tools t) {
    if (t.has("curl").orElse(false)) return List.of("CMD", "curl", "-fsS", "-o", "/dev/null", url);
    if (t.has("wget").orElse(false)) return List.of("CMD", "wget", "-q", "--spider", url);
    for (String py : List.of("python3", "python")) {
      if (t.has(py).orElse(false)) {
        return List.of("CMD", py, "-c", "import urllib.request; urllib.request.urlopen('" + url + "', timeout=5)");
      }
    }
    if (t.has("node").orElse(false)) {
      String mod = url.startsWith("https") ? "https" : "http";
      return List.of("CMD", "node", "-e",
          "require('" + mod + "').get('" + url + "', r => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))");
    }
    return null;
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static Optional<TextEdit> composeEdit(SourceLocation hcStart, String flow) {
    Optional<SourceLocation> testKey = ProjectText.findInMap(hcStart, "test");
    if (testKey.isEmpty()) return Optional.empty();
    List<String> lines = ProjectText.lines(hcStart.file());
    int ln = testKey.get().line();
    String line = lines.get(ln - 1);
    int k = line.indexOf("test:");
    int start = k + "test:".length();
    String rest = RootContextFix.stripComment(line.substring(start));
    int valueStart = start + (rest.length() - rest.stripLeading().length());
    int valueEnd = start + rest.stripTrailing().length();
    int lastLine = ln;
    if (rest.isBlank()) {
      // block sequence or multi-line scalar below: replace up to the last deeper-indented line
      int keyIndent = ProjectText.indent(line);
      while (lastLine < lines.size() && (lines.get(lastLine).isBlank() || ProjectText.indent(lines.get(lastLine)) > keyIndent
          || lines.get(lastLine).stripLeading().startsWith("- ") && ProjectText.indent(lines.get(lastLine)) == keyIndent)) {
        if (lines.get(lastLine).isBlank()) break;
        lastLine++;
      }
      if (lastLine == ln) return Optional.empty();
      int from = RootContextFix.offsetOf(lines, ln) + start;
      int to = RootContextFix.offsetOf(lines, lastLine) + lines.get(lastLine - 1).length();
      return Optional.of(new TextEdit(hcStart.file(), from, to - from, " " + flow));
    }
    if (rest.strip().startsWith("[") && !rest.strip().endsWith("]")) return Optional.empty(); // flow list over lines
    if ((rest.strip().startsWith("\"") || rest.strip().startsWith("'")) && rest.strip().length() > 1
        && rest.strip().charAt(rest.strip().length() - 1) != rest.strip().charAt(0)) return Optional.empty();
    int off = RootContextFix.offsetOf(lines, ln);
    return Optional.of(new TextEdit(hcStart.file(), off + valueStart, valueEnd - valueStart, flow));
  }

  private static Optional<TextEdit> dockerfileEdit(EffectiveHealthcheck hc, List<String> replacement) {
    SourceLocation at = hc.location();
    List<String> lines = ProjectText.lines(at.file());
    String line = lines.get(at.line() - 1);
    int k = line.toUpperCase().indexOf(" CMD");
    if (k < 0 || line.strip().endsWith("\\")) return Optional.empty();
    String json = "[" + replacement.subList(1, replacement.size()).stream().map(HealthcheckToolFix::quote).collect(Collectors.joining(", ")) + "]";
    int off = RootContextFix.offsetOf(lines, at.line());
    int from = k + 4;
    return Optional.of(new TextEdit(at.file(), off + from, line.length() - from, " " + json));
  }

}
