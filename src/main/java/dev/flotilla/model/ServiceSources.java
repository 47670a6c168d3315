package dev.flotilla.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service's code as its container will hold it: {@code layout} maps each scanned path inside
 * the image to the host file it comes from (what the build context and COPY/ADD lines put there,
 * and bind mounts over it); {@code files} are the scanned sources; {@code manifests} the
 * dependency manifests the build installs (or, when the build installs none explicitly, those
 * present); {@code present} every manifest found in the image; {@code entry} what runs;
 * {@code pythonPath} the import roots inside the image; {@code routes} every route with prefixes
 * resolved; {@code baseImage} the external image of the final stage; {@code buildTools} true when
 * the build installs a compiler; {@code complete} false when something could not be followed
 * (an unknown base image's packages, a COPY from another image), so rules stay quiet rather than guess.
 */
public record ServiceSources(
    String service,
    Path context,
    Map<String, Path> layout,
    List<SourceFile> files,
    List<Manifest> manifests,
    List<Manifest> present,
    EntryPoint entry,
    List<String> pythonPath,
    List<Route> routes,
    String baseImage,
    boolean buildTools,
    boolean complete) {

  public Optional<SourceFile> file(String imagePath) {
    return files.stream().filter(f -> f.imagePath().equals(imagePath)).findFirst();
  }

  public boolean hasSource() {
    return !files.isEmpty();
  }

  /** A file or a directory (some file under it) in the image; a sorted layout answers in log time. */
  public boolean exists(String imagePath) {
    if (layout.containsKey(imagePath)) return true;
    String dir = imagePath.endsWith("/") ? imagePath : imagePath + "/";
    return !under(dir).isEmpty();
  }

  /** The layout's paths starting with {@code prefix}, in order. */
  public java.util.SortedMap<String, Path> under(String prefix) {
    java.util.NavigableMap<String, Path> sorted = layout instanceof java.util.NavigableMap<String, Path> nm ? nm : new java.util.TreeMap<>(layout);
    return sorted.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
  }
}
