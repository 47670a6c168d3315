package dev.flotilla.check.facts;

import dev.flotilla.model.SourceLocation;

/**
 * One socket a service's process listens on: port, bind host ({@code 0.0.0.0} for all
 * interfaces, {@code 127.0.0.1} for loopback only, null when not known), how sure that is, what
 * said so ({@code "uvicorn --port 8000"}) and where that was written.
 */
public record Listener(int port, String host, Confidence confidence, String evidence, SourceLocation location) {

  /** True when the bind host is loopback only, so nothing outside the container reaches it. */
  public boolean loopbackOnly() {
    return host != null && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.startsWith("127."));
  }
}
