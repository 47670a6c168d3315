package dev.flotilla.report;

import dev.flotilla.model.Dependency;
import dev.flotilla.model.EnvVar;
import dev.flotilla.model.HealthProbe;
import dev.flotilla.model.PortBinding;
import dev.flotilla.model.Redactor;
import dev.flotilla.model.Service;
import dev.flotilla.model.Stack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's living documentation, from the model: every service with its ports, health
 * endpoint, dependencies (declared, and inferred from URLs in its environment), environment
 * (secrets redacted), image and build context; the dependency graph as Mermaid or inline SVG.
 */
public record CatalogReport(Stack stack, List<Entry> entries) {

  /** One service as documented. {@code inferred} are services its environment points at without depends_on. */
  public record Entry(
      String name,
      String image,
      String buildContext,
      String dockerfile,
      List<String> ports,
      String health,
      Map<String, String> dependsOn,
      Set<String> inferred,
      Map<String, String> environment,
      List<String> profiles,
      boolean active) {}

  public static CatalogReport of(Stack stack) {
    List<Entry> out = new ArrayList<>();
    Set<String> names = stack.services().keySet();
    for (Service s : stack.services().values()) {
      List<String> ports = new ArrayList<>();
      for (PortBinding p : s.ports()) {
        String host = p.published() == null ? "(any)" : (p.hostIp() == null || p.hostIp().isEmpty() ? "" : p.hostIp() + ":") + p.published();
        ports.add(host + " -> " + p.target() + "/" + (p.protocol() == null ? "tcp" : p.protocol()));
      }
      for (var e : s.expose()) ports.add("expose " + e.value());
      Map<String, String> deps = new LinkedHashMap<>();
      for (Dependency d : s.dependsOn().values()) deps.put(d.service(), d.condition() == null ? "" : d.condition().spec());
      Map<String, String> env = new LinkedHashMap<>();
      Set<String> inferred = new LinkedHashSet<>();
      for (EnvVar v : s.environment().values()) {
        env.put(v.name(), v.value() == null ? "(from the shell)" : Redactor.redactEnvValue(v.name(), v.value()));
        if (v.value() != null) {
          for (String other : hostsIn(v.value())) {
            if (!other.equals(s.name()) && names.contains(other) && !deps.containsKey(other)) inferred.add(other);
          }
        }
      }
      String context = null;
      String dockerfile = null;
      if (s.build() != null) {
        context = relative(stack.projectDir(), s.build().context());
        dockerfile = s.build().dockerfile() == null ? "(inline)" : relative(stack.projectDir(), s.build().dockerfile());
      }
      out.add(new Entry(s.name(), s.imageName(), context, dockerfile, ports, health(s), deps, inferred, env, s.profiles(), stack.isActive(s)));
    }
    return new CatalogReport(stack, out);
  }

  private static final Pattern HOST = Pattern.compile("(?:[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/\\s]*@)?)?([a-zA-Z0-9][a-zA-Z0-9_.-]*):(\\d{2,5})");

  /** Host names a value points at: {@code postgres://u:p@db:5432/x}, {@code redis:6379}, {@code http://auth:9001}. */
  static Set<String> hostsIn(String value) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = HOST.matcher(value);
    while (m.find()) out.add(m.group(1));
    return out;
  }

  static String health(Service s) {
    HealthProbe p = s.settings() == null ? null : s.settings().health();
    if (p != null) {
      return switch (p.kind()) {
        case HTTP -> "GET " + p.url() + " expect " + p.expectStatus();
        case TCP -> "tcp " + p.host() + ":" + p.port();
        case EXEC -> "exec " + String.join(" ", p.command());
      };
    }
    if (s.healthcheck() != null && !s.healthcheck().disabled() && !s.healthcheck().command().isEmpty()) {
      return "healthcheck: " + String.join(" ", s.healthcheck().command());
    }
    return null;
  }

  private static String relative(Path base, Path p) {
    if (p == null) return null;
    try {
      String r = base.relativize(p).toString();
      return r.isEmpty() ? "." : r;
    } catch (IllegalArgumentException e) {
      return p.toString();
    }
  }

  private String title() {
    return "Service catalog of " + stack.name();
  }

  /** The dependency graph in Mermaid: solid arrows declared, dotted inferred from the environment. */
  public String mermaid() {
    StringBuilder sb = new StringBuilder("graph LR\n");
    for (Entry e : entries) sb.append("  ").append(id(e.name())).append("[\"").append(e.name()).append("\"]\n");
    for (Entry e : entries) {
      e.dependsOn().forEach((d, cond) -> sb.append("  ").append(id(e.name())).append(" -->")
          .append(cond.isEmpty() ? "" : "|" + cond.replace("service_", "") + "|").append(' ').append(id(d)).append('\n'));
      for (String d : e.inferred()) sb.append("  ").append(id(e.name())).append(" -.->|env| ").append(id(d)).append('\n');
    }
    return sb.toString();
  }

  private static String id(String name) {
    return "s_" + name.replaceAll("[^A-Za-z0-9_]", "_");
  }

  public String markdown() {
    StringBuilder sb = new StringBuilder("# ").append(title()).append("\n\n");
    sb.append(entries.size()).append(" services. Generated from the compose project at `").append(stack.projectDir()).append("`.\n\n");
    sb.append("## Dependencies\n\n```mermaid\n").append(mermaid()).append("```\n");
    for (Entry e : entries) {
      sb.append("\n## ").append(e.name()).append(e.active() ? "" : " (profile: " + String.join(", ", e.profiles()) + ")").append("\n\n");
      sb.append("| | |\n|---|---|\n");
      sb.append("| Image | ").append(DeploymentReport.md(e.image() == null ? "(built here)" : e.image())).append(" |\n");
      if (e.buildContext() != null) sb.append("| Build context | `").append(e.buildContext()).append("` (Dockerfile `").append(e.dockerfile()).append("`) |\n");
      sb.append("| Ports | ").append(e.ports().isEmpty() ? "none" : DeploymentReport.md(String.join(", ", e.ports()))).append(" |\n");
      sb.append("| Health | ").append(e.health() == null ? "**none declared**" : DeploymentReport.md(e.health())).append(" |\n");
      sb.append("| Depends on | ").append(e.dependsOn().isEmpty() ? "nothing" : DeploymentReport.md(deps(e.dependsOn()))).append(" |\n");
      if (!e.inferred().isEmpty()) sb.append("| Reaches (from its environment) | ").append(String.join(", ", e.inferred())).append(" |\n");
      if (!e.environment().isEmpty()) {
        sb.append("\n| Variable | Value |\n|---|---|\n");
        e.environment().forEach((k, v) -> sb.append("| `").append(k).append("` | `").append(v.replace("`", "'").replace("|", "\\|")).append("` |\n"));
      }
    }
    return sb.toString();
  }

  private static String deps(Map<String, String> m) {
    List<String> l = new ArrayList<>();
    m.forEach((k, v) -> l.add(v.isEmpty() ? k : k + " (" + v + ")"));
    return String.join(", ", l);
  }

  public String html() {
    StringBuilder b = new StringBuilder("<h1>").append(Html.esc(title())).append("</h1>");
    b.append("<p>").append(entries.size()).append(" services. Generated from the compose project at <code>")
        .append(Html.esc(stack.projectDir().toString())).append("</code>.</p>");
    b.append("<h2>Dependencies</h2>").append(graphSvg());
    b.append("<p class=\"muted\">Solid: depends_on. Dashed: reached through an address in its environment.</p>");
    b.append("<h2>Services</h2><table><tr><th>Service</th><th>Image / build</th><th>Ports</th><th>Health</th><th>Depends on</th></tr>");
    for (Entry e : entries) {
      b.append("<tr><td><a href=\"#svc-").append(Html.esc(e.name())).append("\">").append(Html.esc(e.name())).append("</a></td><td>")
          .append(Html.esc(e.image() == null ? "" : e.image()))
          .append(e.buildContext() == null ? "" : "<br><code>" + Html.esc(e.buildContext()) + "</code>").append("</td><td>")
          .append(Html.esc(String.join(", ", e.ports()))).append("</td><td").append(e.health() == null ? " class=\"bad\">none" : ">" + Html.esc(e.health()))
          .append("</td><td>").append(Html.esc(deps(e.dependsOn()))).append("</td></tr>");
    }
    b.append("</table>");
    for (Entry e : entries) {
      b.append("<h3 id=\"svc-").append(Html.esc(e.name())).append("\">").append(Html.esc(e.name())).append("</h3>");
      if (e.environment().isEmpty()) {
        b.append("<p class=\"muted\">No environment variables.</p>");
        continue;
      }
      b.append("<table><tr><th>Variable</th><th>Value</th></tr>");
      e.environment().forEach((k, v) -> b.append("<tr><td><code>").append(Html.esc(k)).append("</code></td><td><code>").append(Html.esc(v))
          .append("</code></td></tr>"));
      b.append("</table>");
    }
    return Html.page(title(), b.toString());
  }

  /** The dependency graph laid out in columns by depth: a service sits right of everything it needs. */
  public String graphSvg() {
    Map<String, Integer> depth = new HashMap<>();
    for (Entry e : entries) depth(e.name(), depth, new LinkedHashSet<>());
    int maxDepth = depth.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    Map<Integer, List<String>> columns = new LinkedHashMap<>();
    for (int d = 0; d <= maxDepth; d++) columns.put(d, new ArrayList<>());
    for (Entry e : entries) columns.get(depth.get(e.name())).add(e.name());
    int boxW = 150;
    int boxH = 30;
    int gapX = 70;
    int gapY = 20;
    int rows = columns.values().stream().mapToInt(List::size).max().orElse(1);
    int width = (maxDepth + 1) * (boxW + gapX) + 20;
    int height = rows * (boxH + gapY) + 20;
    Map<String, int[]> pos = new HashMap<>();
    columns.forEach((d, list) -> {
      for (int i = 0; i < list.size(); i++) pos.put(list.get(i), new int[] {10 + d * (boxW + gapX), 10 + i * (boxH + gapY)});
    });
    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"dependency graph\" viewBox=\"0 0 ").append(width).append(' ')
        .append(height).append("\" width=\"").append(width).append("\" height=\"").append(height).append("\">");
    sb.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">")
        .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#57606a\"/></marker></defs>");
    sb.append("<style>text{font:12px sans-serif;fill:#1d232a}</style>");
    for (Entry e : entries) {
      int[] from = pos.get(e.name());
      List<String[]> edges = new ArrayList<>();
      for (String d : e.dependsOn().keySet()) edges.add(new String[] {d, ""});
      for (String d : e.inferred()) edges.add(new String[] {d, " stroke-dasharray=\"5,4\""});
      for (String[] edge : edges) {
        int[] to = pos.get(edge[0]);
        if (to == null) continue;
        sb.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#57606a\"%s marker-end=\"url(#arrow)\"/>",
            from[0], from[1] + boxH / 2, to[0] + boxW, to[1] + boxH / 2, edge[1]));
      }
    }
    for (Entry e : entries) {
      int[] p = pos.get(e.name());
      sb.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"5\" fill=\"%s\" stroke=\"#57606a\"/>", p[0], p[1], boxW, boxH,
          e.health() == null ? "#fff8c5" : "#dafbe1"));
      sb.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>", p[0] + boxW / 2, p[1] + 19,
          Html.esc(Formatting.oneLine(e.name(), 20))));
    }
    return sb.append("</svg>").toString();
  }

  private int depth(String name, Map<String, Integer> memo, Set<String> visiting) {
    Integer known = memo.get(name);
    if (known != null) return known;
    Entry e = entries.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
    if (e == null || !visiting.add(name)) return 0; // unknown service or a cycle: draw it at the left
    int d = 0;
    Set<String> all = new LinkedHashSet<>(e.dependsOn().keySet());
    all.addAll(e.inferred());
    for (String dep : all) d = Math.max(d, depth(dep, memo, visiting) + 1);
    visiting.remove(name);
    memo.put(name, d);
    return d;
  }

  public Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("project", stack.name());
    List<Map<String, Object>> list = new ArrayList<>();
    for (Entry e : entries) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("name", e.name());
      x.put("image", e.image());
      x.put("build_context", e.buildContext());
      x.put("dockerfile", e.dockerfile());
      x.put("ports", e.ports());
      x.put("health", e.health());
      x.put("depends_on", e.dependsOn());
      x.put("inferred_dependencies", List.copyOf(e.inferred()));
      x.put("environment", e.environment());
      x.put("profiles", e.profiles());
      x.put("active", e.active());
      list.add(x);
    }
    m.put("services", list);
    m.put("mermaid", mermaid());
    return m;
  }
}
