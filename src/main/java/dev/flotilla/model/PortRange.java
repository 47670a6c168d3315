package dev.flotilla.model;

/** An inclusive range of host ports, the project's {@code x-flotilla.ports.range} policy. */
public record PortRange(int from, int to, SourceLocation location) {
  public boolean contains(int port) {
    return port >= from && port <= to;
  }
}
