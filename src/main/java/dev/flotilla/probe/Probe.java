package dev.flotilla.probe;

import dev.flotilla.model.HealthProbe;
import dev.flotilla.model.Healthcheck;
import dev.flotilla.model.PortBinding;
import dev.flotilla.model.Service;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One thing to probe for one service: an HTTP endpoint (expected status, optional body substring),
 * a TCP port, or a command run inside the service by an {@link ExecRunner}. Built from the
 * service's {@code x-flotilla.health}, else from its compose healthcheck.
 */
public sealed interface Probe permits Probe.Http, Probe.Tcp, Probe.Exec {
  /** What a probe without its own timeout waits for. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  String service();

  Duration timeout();

  /** What is probed, for tables and the store: {@code GET http://…}, {@code tcp host:port}, {@code exec wget …}. */
  String describe();

  /** The same probe aimed at another host (a remote deployment's published ports). */
  Probe atHost(String host);

  record Http(String service, URI url, int expectStatus, String bodyContains, Duration timeout) implements Probe {
    public Http {
      timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    @Override
    public String describe() {
      return "GET " + url;
    }

    @Override
    public Probe atHost(String host) {
      return new Http(service, withHost(url, host), expectStatus, bodyContains, timeout);
    }
  }

  record Tcp(String service, String host, int port, Duration timeout) implements Probe {
    public Tcp {
      timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    @Override
    public String describe() {
      return "tcp " + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public Probe atHost(String h) {
      return new Tcp(service, h, port, timeout);
    }
  }

  /** A command inside the service: {@code shell} runs {@code command.get(0)} with {@code sh -c} (compose CMD-SHELL). */
  record Exec(String service, List<String> command, boolean shell, Duration timeout) implements Probe {
    public Exec {
      command = List.copyOf(command);
      timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    @Override
    public String describe() {
      return "exec " + String.join(" ", command);
    }

    /** A command runs where the service runs; another host does not change it. */
    @Override
    public Probe atHost(String host) {
      return this;
    }
  }

  /** The probe a compose file configures: {@code x-flotilla.health}. */
  static Probe of(String service, HealthProbe p) {
    return switch (p.kind()) {
      case HTTP -> new Http(service, URI.create(p.url()), p.expectStatus() == 0 ? 200 : p.expectStatus(), p.bodyContains(), p.timeout());
      case TCP -> new Tcp(service, p.host(), p.port(), p.timeout());
      case EXEC -> new Exec(service, p.command(), false, p.timeout());
    };
  }

  /** The compose healthcheck as an exec probe, or empty when it is absent or disabled. */
  static Optional<Probe> of(String service, Healthcheck h) {
    if (h == null || h.disabled() || h.command().isEmpty()) return Optional.empty();
    Duration t = h.timeoutOrDefault();
    return Optional.of(new Exec(service, h.command(), h.isShellForm(), t));
  }

  /** {@code x-flotilla.health} when set, else the compose healthcheck, else empty. */
  static Optional<Probe> forService(Service s) {
    if (s.settings() != null && s.settings().health() != null) return Optional.of(of(s.name(), s.settings().health()));
    return of(s.name(), s.healthcheck());
  }

  /**
   * The probe for a service seen from outside, at {@code host}: http and tcp probes re-aimed at
   * it; a healthcheck command that calls a URL becomes an HTTP probe on the published port it
   * maps to; otherwise a TCP probe of the first published port. Empty when nothing is reachable.
   */
  static Optional<Probe> remote(Service s, String host) {
    Optional<Probe> own = forService(s);
    if (own.isPresent() && !(own.get() instanceof Exec)) return Optional.of(own.get().atHost(host));
    Duration timeout = own.map(Probe::timeout).orElse(DEFAULT_TIMEOUT);
    if (own.isPresent() && own.get() instanceof Exec e) {
      Matcher m = URL_IN_COMMAND.matcher(String.join(" ", e.command()));
      if (m.find()) {
        URI u = URI.create(m.group());
        int target = u.getPort() > 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
        Integer published = published(s, target);
        if (published != null) {
          URI out = URI.create(u.getScheme() + "://" + hostPart(host) + ":" + published + (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
              + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
          return Optional.of(new Http(s.name(), out, 200, null, timeout));
        }
      }
    }
    for (PortBinding b : s.ports()) {
      if (b.published() != null && !"udp".equals(b.protocol())) return Optional.of(new Tcp(s.name(), host, b.published(), timeout));
    }
    return Optional.empty();
  }

  Pattern URL_IN_COMMAND = Pattern.compile("https?://[^\\s'\"|;&)]+");

  private static Integer published(Service s, int target) {
    for (PortBinding b : s.ports()) if (b.target() == target && b.published() != null) return b.published();
    return null;
  }

  private static String hostPart(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static URI withHost(URI u, String host) {
    String port = u.getPort() > 0 ? ":" + u.getPort() : "";
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    String query = u.getRawQuery() == null ? "" : "?" + u.getRawQuery();
    return URI.create(u.getScheme() + "://" + hostPart(host) + port + path + query);
  }
}
