package dev.flotilla.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One compose service, fully resolved (interpolated, merged, extended) and normalized to long
 * form. Lists and maps are never null; scalars are null when not set. {@code command} and
 * {@code entrypoint} are null when not set (the image's apply) and empty when set to empty.
 * {@code other} keeps every key the model does not type, in normalized plain form, so
 * {@code flotilla config} can print the whole service.
 */
public record Service(
    String name,
    SourceLocation location,
    Located<String> image,
    Build build,
    Located<List<String>> command,
    Located<List<String>> entrypoint,
    Map<String, EnvVar> environment,
    List<EnvFile> envFiles,
    List<PortBinding> ports,
    List<Located<String>> expose,
    List<VolumeMount> volumes,
    Map<String, Dependency> dependsOn,
    Healthcheck healthcheck,
    Map<String, NetworkAttachment> networks,
    String networkMode,
    Located<String> restart,
    Resources resources,
    List<String> profiles,
    boolean privileged,
    String user,
    String workingDir,
    String containerName,
    Map<String, String> labels,
    ServiceSettings settings,
    Map<String, Object> extensions,
    Map<String, Object> other) {

  public Optional<EnvVar> env(String key) {
    return Optional.ofNullable(environment.get(key));
  }

  public boolean builds() {
    return build != null;
  }

  /** The parsed Dockerfile stage this service's image comes from, when it is built here. */
  public Optional<Stage> buildStage() {
    if (build == null || build.parsed() == null) return Optional.empty();
    return build.parsed().stageFor(build.target() == null ? null : build.target().value());
  }

  public String imageName() {
    return image == null ? null : image.value();
  }
}
