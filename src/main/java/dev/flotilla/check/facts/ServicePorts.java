package dev.flotilla.check.facts;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one service's process listens on. {@code known} is false when Flotilla could not tell
 * (an unknown program, no EXPOSE): rules then stay silent. A known process may listen on nothing
 * (a Celery worker). {@code program} names what was recognised ({@code uvicorn}, {@code postgres}).
 */
public record ServicePorts(String service, String program, boolean known, List<Listener> listeners) {

  public static ServicePorts unknown(String service) {
    return new ServicePorts(service, null, false, List.of());
  }

  public Set<Integer> ports() {
    Set<Integer> s = new LinkedHashSet<>();
    for (Listener l : listeners) s.add(l.port());
    return s;
  }

  public boolean listensOn(int port) {
    return listeners.stream().anyMatch(l -> l.port() == port);
  }

  public Optional<Listener> on(int port) {
    return listeners.stream().filter(l -> l.port() == port).findFirst();
  }

  /** The weakest confidence among the listeners; GUESS when nothing is known. */
  public Confidence confidence() {
    if (!known) return Confidence.GUESS;
    Confidence c = Confidence.STATED;
    for (Listener l : listeners) c = c.min(l.confidence());
    return c;
  }

  /** True when the set of ports is known well enough to say "it does not listen on X" in a HIGH finding. */
  public boolean certain() {
    return known && confidence().allowsHigh();
  }

  /** The ports as text: {@code 8000} or {@code 5672, 15672}. */
  public String describe() {
    if (!known) return "unknown";
    if (listeners.isEmpty()) return "no port";
    StringBuilder sb = new StringBuilder();
    for (Integer p : ports()) sb.append(sb.length() == 0 ? "" : ", ").append(p);
    return sb.toString();
  }
}
