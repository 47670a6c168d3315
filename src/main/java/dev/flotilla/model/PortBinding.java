package dev.flotilla.model;

/**
 * One {@code ports} entry in long form. {@code published} is null when the host port is chosen by
 * the engine; a range {@code 8000-8005:8000-8005} becomes one binding per port.
 */
public record PortBinding(
    int target, Integer published, String hostIp, String protocol, String mode, SourceLocation location) {

  public String hostIpOrDefault() {
    return hostIp == null || hostIp.isEmpty() ? "0.0.0.0" : hostIp;
  }
}
