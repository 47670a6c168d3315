package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.SourceFacts;
import dev.flotilla.model.Category;
import dev.flotilla.model.EnvVar;
import dev.flotilla.model.HttpCall;
import dev.flotilla.model.Route;
import dev.flotilla.model.Service;
import dev.flotilla.model.ServiceSources;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceFile;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@RuleInfo(
    code = "COD005",
    severity = Severity.HIGH,
    category = Category.DEPENDENCY,
    title = "Call to an endpoint the other service does not define",
    explanation = "One service calls `POST http://data-api:8006/internal/services/bulk_upsert`; data-api's routes, with "
        + "their router prefixes, define devices and entities only. Both services start and report healthy, and every "
        + "call answers 404 — often swallowed as a warning. Flotilla resolves the caller's URL (constants, f-strings, "
        + "environment variables with the compose values; httpx, requests, aiohttp, fetch, axios) and the target's "
        + "routes (FastAPI/APIRouter prefixes and include_router, Flask blueprints, Django urlpatterns and include, "
        + "Express routers and app.use mounts, Fastify routes). A 404 path is HIGH; a path defined for other methods "
        + "(405) is MEDIUM. Routes Flotilla cannot read — a library's URLconf, a router built at run time — count as "
        + "defining everything under their prefix, so they never cause a finding.",
    example = "httpx.post(f\"{DATA_API_URL}/internal/services/bulk_upsert\")   # data-api has no such route",
    fix = "Implement the endpoint in the target service, or call one it defines.")
public final class UnknownEndpointCall implements Rule {

  @Override
  public boolean readsSources() {
    return true;
  }

  private static final String UNKNOWN = "\u0000";
  private static final Pattern URL = Pattern.compile("^(https?)://([^/:?#]+)(?::([^/?#]*))?(/[^?#]*)?.*$");
  private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-((?:[^{}]|\\{\\?\\})*))?\\}");

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    Map<String, ServiceSources> all = SourceFacts.of(stack);
    Map<String, List<String[]>> split = new java.util.HashMap<>(); // each target's route paths, split once
    for (Service s : stack.services().values()) {
      ServiceSources src = all.get(s.name());
      if (src == null) continue;
      for (SourceFile f : src.files()) {
        for (HttpCall c : f.calls()) {
          String url = substitute(c.url(), s);
          if (url == null) continue;
          // the scanner writes an unknown path segment as {?}: keep its '?' from reading as a query
          Matcher m = URL.matcher(url.replace("{?}", UNKNOWN));
          if (!m.matches()) continue;
          String host = m.group(2);
          Service target = target(stack, host);
          if (target == null) continue;
          ServiceSources t = all.get(target.name());
          if (t == null || t.routes().isEmpty()) continue;
          String path = m.group(4) == null ? "/" : m.group(4).replace(UNKNOWN, "{?}");
          String method = c.method();
          boolean pathKnown = false;
          boolean matched = false;
          String[] got = Route.segments(path);
          List<String[]> wants = split.computeIfAbsent(target.name(), k -> t.routes().stream().map(r -> Route.segments(r.path())).toList());
          for (int ri = 0; ri < wants.size() && !matched; ri++) {
            if (Route.pathMatches(wants.get(ri), got)) {
              pathKnown = true;
              if (t.routes().get(ri).answers(method)) matched = true;
            }
          }
          if (matched) continue;
          Set<String> defined = new LinkedHashSet<>();
          for (Route r : t.routes()) {
            defined.add(r.method() + " " + r.path());
            if (defined.size() >= 8) break;
          }
          String what = pathKnown
              ? "'" + target.name() + "' defines " + path + " but not for " + method + ": 405 Method Not Allowed"
              : "'" + target.name() + "' defines no route " + path + ": 404 Not Found";
          Finding.Builder b = finding(s.name(), method + " " + url + " — " + what + " (it defines " + String.join(", ", defined)
                  + (t.routes().size() > defined.size() ? ", …" : "") + ")", c.location())
              .severity(pathKnown ? Severity.MEDIUM : Severity.HIGH)
              .remedy("add the route to '" + target.name() + "', or call one it defines");
          if (!t.routes().isEmpty()) b.related(t.routes().get(0).location(), "a route of " + target.name());
          out.add(b.build());
        }
      }
    }
    return out;
  }

  /** The URL with ${NAME:-default} replaced by the service's value (or the default); null when a host part stays unknown. */
  static String substitute(String url, Service s) {
    String cur = url;
    for (int guard = 0; guard < 5 && cur.contains("${"); guard++) {
      Matcher m = ENV.matcher(cur);
      StringBuilder sb = new StringBuilder();
      boolean any = false;
      while (m.find()) {
        any = true;
        EnvVar v = s.environment().get(m.group(1));
        String value = v != null && v.value() != null ? v.value() : m.group(2);
        if (value == null) return null;
        m.appendReplacement(sb, Matcher.quoteReplacement(value));
      }
      m.appendTail(sb);
      if (!any) return null;
      cur = sb.toString();
    }
    int scheme = cur.indexOf("://");
    if (scheme < 0) return null;
    int pathStart = cur.indexOf('/', scheme + 3);
    String authority = pathStart < 0 ? cur.substring(scheme + 3) : cur.substring(scheme + 3, pathStart);
    if (authority.contains("{") || authority.contains("$")) return null;
    return cur;
  }

  static Service target(Stack stack, String host) {
    String h = host.toLowerCase(Locale.ROOT);
    for (Service s : stack.services().values()) {
      if (s.name().equalsIgnoreCase(h) || (s.containerName() != null && s.containerName().equalsIgnoreCase(h))) return s;
    }
    return null;
  }
}
