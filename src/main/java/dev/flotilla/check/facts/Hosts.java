package dev.flotilla.check.facts;

import dev.flotilla.model.NetworkAttachment;
import dev.flotilla.model.Service;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Host names inside a compose project: which name reaches which service, and which names are external. */
public final class Hosts {
  private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
  private Hosts() {}

  public static boolean isLoopback(String host) {
    if (host == null) return false;
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]") || h.equals("ip6-localhost");
  }

  public static boolean isIp(String host) {
    return host != null && (IPV4.matcher(host).matches() || host.contains(":") || host.startsWith("["));
  }

  /** A name Docker's DNS would be asked for: one label, no dots (service names, aliases). */
  public static boolean looksInternal(String host) {
    return host != null && !host.isEmpty() && !host.contains(".") && !isIp(host) && !isLoopback(host)
        && LABEL.matcher(host).matches();
  }

  /**
   * Every name that resolves to a service of the stack: service names, container names,
   * {@code hostname}s, network aliases and {@code links} aliases, mapped to the service name.
   */
  public static Map<String, String> names(Stack stack) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Service s : stack.services().values()) {
      out.put(s.name().toLowerCase(Locale.ROOT), s.name());
    }
    for (Service s : stack.services().values()) {
      if (s.containerName() != null) out.putIfAbsent(s.containerName().toLowerCase(Locale.ROOT), s.name());
      Object hn = s.other().get("hostname");
      if (hn instanceof String h) out.putIfAbsent(h.toLowerCase(Locale.ROOT), s.name());
      for (NetworkAttachment n : s.networks().values()) {
        for (String a : n.aliases()) out.putIfAbsent(a.toLowerCase(Locale.ROOT), s.name());
      }
    }
    for (Service s : stack.services().values()) {
      Object links = s.other().get("links");
      if (links instanceof List<?> l) {
        for (Object o : l) {
          String[] parts = String.valueOf(o).split(":");
          if (parts.length == 2 && out.containsKey(parts[0].toLowerCase(Locale.ROOT))) {
            out.putIfAbsent(parts[1].toLowerCase(Locale.ROOT), out.get(parts[0].toLowerCase(Locale.ROOT)));
          }
        }
      }
    }
    return out;
  }

  /** The service a host name reaches, if any. */
  public static Optional<String> serviceFor(Map<String, String> names, String host) {
    if (host == null) return Optional.empty();
    return Optional.ofNullable(names.get(host.toLowerCase(Locale.ROOT)));
  }

  /**
   * Names declared as outside the project: the service's {@code extra_hosts}, and
   * {@code x-flotilla.external} lists at project or service level.
   */
  public static List<String> declaredExternal(Stack stack, Service s) {
    List<String> out = new ArrayList<>();
    Object eh = s.other().get("extra_hosts");
    if (eh instanceof Map<?, ?> m) for (Object k : m.keySet()) out.add(String.valueOf(k).toLowerCase(Locale.ROOT));
    if (eh instanceof List<?> l) {
      for (Object o : l) {
        String e = String.valueOf(o);
        int sep = e.indexOf(e.contains("=") ? '=' : ':');
        out.add((sep > 0 ? e.substring(0, sep) : e).toLowerCase(Locale.ROOT));
      }
    }
    addExternal(out, stack.settings() == null ? null : stack.settings().raw().get("external"));
    addExternal(out, s.settings() == null ? null : s.settings().raw().get("external"));
    return out;
  }

  private static void addExternal(List<String> out, Object v) {
    if (v instanceof List<?> l) for (Object o : l) out.add(String.valueOf(o).toLowerCase(Locale.ROOT));
    else if (v instanceof String str) for (String x : str.split("[,\\s]+")) if (!x.isBlank()) out.add(x.toLowerCase(Locale.ROOT));
    else if (v instanceof Map<?, ?> m) {
      Object hosts = m.get("hosts");
      if (hosts != null) addExternal(out, hosts);
    }
  }

  /** True when the service shares another network namespace, where {@code localhost} is not its own alone. */
  public static boolean sharesNetwork(Service s) {
    String nm = s.networkMode();
    return nm != null && (nm.equals("host") || nm.startsWith("service:") || nm.startsWith("container:"));
  }
}
