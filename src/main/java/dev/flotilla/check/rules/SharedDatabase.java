package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.EnvReference;
import dev.flotilla.check.facts.EnvReferences;
import dev.flotilla.check.facts.Hosts;
import dev.flotilla.model.Category;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

@RuleInfo(
    code = "CFG003",
    severity = Severity.MEDIUM,
    category = Category.CONFIGURATION,
    title = "Two services share a Redis database index or a database the project otherwise separates",
    explanation = "When a project gives its services separate Redis database indexes (0 for the AI cache, 1 for the shop, "
        + "… — seed 004's table) or separate databases on one server, two different services landing on the same one is "
        + "almost always a copy-paste slip: their keys collide, one's FLUSHDB empties the other's cache, one's migrations "
        + "meet the other's tables. Services built from the same code (a web process and its worker) share on purpose "
        + "and are not reported.",
    example = "services:\n  brain:   { environment: { REDIS_URL: redis://redis:6379/0 } }\n"
        + "  saleor:  { environment: { REDIS_URL: redis://redis:6379/1 } }\n"
        + "  crm:     { environment: { REDIS_URL: redis://redis:6379/1 } }   # same index as saleor",
    fix = "Give the service its own index (or database), following the project's allocation.")
public final class SharedDatabase implements Rule {

  private record Use(Service service, EnvReference ref, String codebase) {}

  @Override
  public List<Finding> check(Stack stack) {
    Map<String, String> names = Hosts.names(stack);
    // server -> slot (redis index or database name) -> uses
    Map<String, Map<String, List<Use>>> servers = new LinkedHashMap<>();
    for (Service s : stack.services().values()) {
      Set<String> mine = new LinkedHashSet<>();
      for (EnvReference r : EnvReferences.of(s)) {
        String family = r.schemeFamily();
        if (family == null || r.kind() != EnvReference.Kind.URL) continue;
        String slot;
        if (family.equals("redis")) slot = "redis db " + r.redisIndex();
        else if (family.equals("postgres") || family.equals("mysql") || family.equals("mongodb")) {
          if (r.database() == null) continue;
          slot = "database '" + r.database() + "'";
        } else continue;
        String server = family + "@" + Hosts.serviceFor(names, r.host()).orElse(r.host().toLowerCase()) + ":" + r.port();
        if (!mine.add(server + "|" + slot)) continue;
        servers.computeIfAbsent(server, k -> new LinkedHashMap<>()).computeIfAbsent(slot, k -> new ArrayList<>()).add(new Use(s, r, codebase(s)));
      }
    }
    List<Finding> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, List<Use>>> server : servers.entrySet()) {
      // the project separates on this server when at least two slots each belong to one codebase alone
      long own = server.getValue().values().stream().filter(us -> us.stream().map(Use::codebase).distinct().count() == 1).count();
      if (own < 2) continue;
      for (Map.Entry<String, List<Use>> slot : server.getValue().entrySet()) {
        List<Use> uses = slot.getValue();
        Set<String> codebases = new LinkedHashSet<>();
        Use first = null;
        for (Use u : uses) {
          if (first == null) {
            first = u;
            codebases.add(u.codebase);
            continue;
          }
          if (!codebases.add(u.codebase)) continue;
          out.add(finding(u.service.name(), u.ref.variable() + " uses " + slot.getKey() + " on '" + u.ref.host() + "', which '" + first.service.name()
                  + "' already uses, while the project gives other services their own (" + String.join(", ", server.getValue().keySet()) + ")",
                  u.ref.location())
              .related(first.ref.location(), first.service.name() + " uses it here")
              .remedy("give '" + u.service.name() + "' a " + (slot.getKey().startsWith("redis") ? "Redis database index" : "database") + " of its own")
              .build());
        }
      }
    }
    return out;
  }

  /** Services built from the same context and Dockerfile, or running the same image, are one codebase. */
  private static String codebase(Service s) {
    if (s.build() != null && s.build().context() != null) {
      return "build:" + s.build().context() + "|" + s.build().dockerfile();
    }
    return "image:" + (s.imageName() == null ? s.name() : s.imageName());
  }
}
