package dev.flotilla.runtime;

import dev.flotilla.model.EnvVar;
import dev.flotilla.model.Service;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hash of everything in a service that changes the instance it runs as: the image (by id, so a
 * rebuild counts), command, entrypoint, environment, ports, volumes, network, healthcheck, restart,
 * resources and the process settings. Equal hash: the running instance is up to date.
 */
public final class ConfigHash {
  private ConfigHash() {}

  public static String of(Service s, String imageId, Map<String, String> resolvedEnv) {
    StringBuilder sb = new StringBuilder();
    sb.append("image=").append(imageId).append('\n');
    sb.append("command=").append(s.command() == null ? null : s.command().value()).append('\n');
    sb.append("entrypoint=").append(s.entrypoint() == null ? null : s.entrypoint().value()).append('\n');
    sb.append("env=").append(new TreeMap<>(resolvedEnv)).append('\n');
    s.ports().forEach(p -> sb.append("port=").append(p.hostIp()).append(':').append(p.published()).append(':').append(p.target()).append('/').append(p.protocol()).append('\n'));
    s.volumes().forEach(v -> sb.append("volume=").append(v.type()).append(':').append(v.source()).append(':').append(v.hostPath()).append(':').append(v.target()).append(':').append(v.readOnly()).append('\n'));
    sb.append("network=").append(s.networkMode()).append('\n');
    if (s.healthcheck() != null) {
      var h = s.healthcheck();
      sb.append("health=").append(h.test()).append(h.interval()).append(h.timeout()).append(h.retries()).append(h.startPeriod()).append(h.disabled()).append('\n');
    }
    sb.append("restart=").append(s.restart() == null ? null : s.restart().value()).append('\n');
    if (s.resources() != null) sb.append("resources=").append(s.resources().memoryLimitBytes()).append(s.resources().cpuLimit()).append('\n');
    sb.append("user=").append(s.user()).append(" workdir=").append(s.workingDir()).append('\n');
    if (s.settings() != null && s.settings().process() != null) {
      var p = s.settings().process();
      sb.append("process=").append(p.command()).append(p.workingDir()).append(new TreeMap<>(p.environment())).append('\n');
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Unused helper kept small: the value of one env var as compose would pass it. */
  static String value(EnvVar v) {
    return v.value() == null ? System.getenv(v.name()) : v.value();
  }
}
