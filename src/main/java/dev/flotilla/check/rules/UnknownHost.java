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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

@RuleInfo(
    code = "DEP003",
    severity = Severity.HIGH,
    category = Category.NETWORK,
    title = "Env value names a host that is no service, alias or declared external host",
    explanation = "A single-label host name in a URL or `*_HOST` value is resolved by Docker's DNS, which knows only the "
        + "project's services, their aliases and `extra_hosts`. Any other name fails at run time with 'Name or service "
        + "not known' (the seed's MQTT broker: three failed attempts before a hard-coded IP worked).",
    example = "services:\n  ai-pattern:\n    environment:\n      MQTT_URL: mqtt://mqtt-broker:1883   # no service 'mqtt-broker'",
    fix = "Use the service's name (or add a network alias); for a host outside the project use its full DNS name, or "
        + "declare it in `extra_hosts` or `x-flotilla.external: [name]`.")
public final class UnknownHost implements Rule {

  private static final Set<String> NOT_HOSTS = Set.of("none", "null", "nil", "auto", "default", "disabled", "false", "true", "off", "on",
      "unset", "changeme", "todo", "tbd", "example", "yes", "no", "stdout", "stderr", "local", "host", "self", "any", "all");

  @Override
  public List<Finding> check(Stack stack) {
    Map<String, String> names = Hosts.names(stack);
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      List<String> external = Hosts.declaredExternal(stack, s);
      Set<String> reported = new HashSet<>();
      for (EnvReference r : EnvReferences.of(s)) {
        String h = r.host().toLowerCase(Locale.ROOT);
        if (!Hosts.looksInternal(h) || NOT_HOSTS.contains(h) || names.containsKey(h) || external.contains(h)) continue;
        if (h.equals(s.name().toLowerCase(Locale.ROOT))) continue;
        if (!reported.add(r.variable() + "|" + h)) continue;
        out.add(finding(s.name(), r.variable() + " names host '" + r.host() + "', which is neither a service, an alias, nor a declared "
                + "external host: it will not resolve inside the network" + Names.didYouMean(r.host(), stack.services().keySet()),
                r.location())
            .remedy(Names.closest(r.host(), stack.services().keySet())
                .map(c -> "use the service name '" + c + "'")
                .orElse("use a service name, or declare '" + r.host() + "' in extra_hosts or x-flotilla.external"))
            .build());
      }
    }
    return out;
  }
}
