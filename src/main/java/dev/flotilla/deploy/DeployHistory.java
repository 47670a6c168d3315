package dev.flotilla.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flotilla.load.LoadOptions;
import dev.flotilla.load.Loader;
import dev.flotilla.model.Located;
import dev.flotilla.model.Service;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What each successful deployment ran, so {@code flotilla rollback} and {@code watch --rollback}
 * can go back to it: per service the image (by id, tagged so it is not pruned) and config hash,
 * and a copy of the compose files. Kept under {@code PROJECT/.flotilla/deploys/ID/}; files, not the
 * store, because the store redacts secrets and a compose file must come back byte for byte.
 */
public final class DeployHistory {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One service as deployed. */
  public record DeployedService(String service, int phase, String image, String imageId, String configHash) {}

  /** One successful deployment. {@code files} are the compose files' original paths, in order. */
  public record Snapshot(long deploymentId, String project, String runtime, String at, List<String> files, List<DeployedService> services) {
    public Optional<DeployedService> service(String name) {
      return services.stream().filter(s -> s.service().equals(name)).findFirst();
    }
  }

  private final Path root;

  public DeployHistory(Path projectDir) {
    this.root = projectDir.toAbsolutePath().resolve(".flotilla").resolve("deploys");
  }

  /** Records a successful deployment. */
  public void record(Snapshot snapshot, Stack stack) {
    Path dir = root.resolve(Long.toString(snapshot.deploymentId()));
    try {
      Files.createDirectories(dir.resolve("files"));
      int i = 0;
      for (Path f : stack.files()) {
        if (Files.isRegularFile(f)) Files.copy(f, dir.resolve("files").resolve(i + "-" + f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        i++;
      }
      JSON.writeValue(dir.resolve("deploy.json").toFile(), snapshot);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot record the deployment under " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Successful deployments, newest first. */
  public List<Snapshot> all(String project) {
    if (!Files.isDirectory(root)) return List.of();
    List<Snapshot> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.toList()) {
        Path f = d.resolve("deploy.json");
        if (!Files.isRegularFile(f)) continue;
        try {
          Snapshot s = JSON.readValue(f.toFile(), Snapshot.class);
          if (project == null || project.equals(s.project())) out.add(s);
        } catch (IOException e) {
          // a half-written record is skipped
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    out.sort(Comparator.comparingLong(Snapshot::deploymentId).reversed());
    return out;
  }

  /** The last successful deployment. */
  public Optional<Snapshot> latest(String project) {
    return all(project).stream().findFirst();
  }

  /** The successful deployment before the last one: what {@code flotilla rollback} returns to. */
  public Optional<Snapshot> previous(String project) {
    List<Snapshot> all = all(project);
    return all.size() < 2 ? Optional.empty() : Optional.of(all.get(1));
  }

  /**
   * The stack as it was deployed in {@code snapshot}: its compose files loaded again (from the
   * saved copies, placed beside the originals for a moment so relative paths resolve the same),
   * and every service that was built pinned to the image it ran, with no build.
   */
  public Stack restore(Snapshot snapshot, LoadOptions current) {
    Path dir = root.resolve(Long.toString(snapshot.deploymentId())).resolve("files");
    List<Path> temp = new ArrayList<>();
    try {
      List<Path> files = new ArrayList<>();
      for (int i = 0; i < snapshot.files().size(); i++) {
        Path original = Path.of(snapshot.files().get(i));
        Path saved = dir.resolve(i + "-" + original.getFileName());
        if (!Files.isRegularFile(saved)) {
          files.add(original);
          continue;
        }
        Path beside = original.resolveSibling(".flotilla-rollback-" + snapshot.deploymentId() + "-" + original.getFileName());
        Files.copy(saved, beside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        temp.add(beside);
        files.add(beside);
      }
      Path projectDir = current.projectDirectory() != null ? current.projectDirectory() : Path.of(snapshot.files().get(0)).getParent();
      LoadOptions o = new LoadOptions(files, projectDir, snapshot.project(), current.envFiles(), current.profiles(), current.environment());
      Stack loaded = Loader.load(o);
      Map<String, Service> services = new LinkedHashMap<>();
      for (Service s : loaded.services().values()) {
        DeployedService d = snapshot.service(s.name()).orElse(null);
        services.put(s.name(), d != null && s.build() != null && d.imageId() != null ? pinned(s, d.image()) : s);
      }
      return new Stack(loaded.name(), loaded.projectDir(), loaded.files(), services, loaded.networks(), loaded.volumes(), loaded.secrets(),
          loaded.configs(), loaded.activeProfiles(), loaded.settings(), loaded.variables(), loaded.warnings());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      for (Path t : temp) {
        try {
          Files.deleteIfExists(t);
        } catch (IOException e) {
          // a stray copy is harmless; it starts with a dot
        }
      }
    }
  }

  /** The service running a recorded image instead of building. */
  static Service pinned(Service s, String image) {
    return new Service(s.name(), s.location(), new Located<>(image, SourceLocation.UNKNOWN), null, s.command(), s.entrypoint(), s.environment(),
        s.envFiles(), s.ports(), s.expose(), s.volumes(), s.dependsOn(), s.healthcheck(), s.networks(), s.networkMode(), s.restart(),
        s.resources(), s.profiles(), s.privileged(), s.user(), s.workingDir(), s.containerName(), s.labels(), s.settings(), s.extensions(), s.other());
  }

  static String now() {
    return Instant.now().toString();
  }
}
