package dev.flotilla.load;

import dev.flotilla.testing.CliRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BadInputTest}'s cases as a user meets them: the packaged jar in its own process. One case
 * per failure path (reading, YAML, size, encoding, discovery, links, schema, extends, interpolation,
 * consistency); {@link BadInputTest} runs all of them in-process, where a JVM start costs nothing.
 */
class ConfigBadInputIT {
  static final List<String> WHOLE_PROCESS = List.of(
      "malformed YAML", "alias bomb", "50 MB file", "non-UTF-8 bytes", "no compose file", "symlink loop",
      "unknown service key", "extends cycle", "include of a missing file", "bad interpolation", "missing env_file");

  @TempDir Path dir;

  static List<BadInputs.Case> cases() {
    return BadInputs.all().stream().filter(c -> WHOLE_PROCESS.contains(c.name())).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void exitTwoWithOneLineNamingTheFile(BadInputs.Case c) throws Exception {
    List<String> args = new ArrayList<>(List.of("config"));
    args.addAll(c.setup().write(dir));
    CliRun.Result r = CliRun.jar(dir, Map.of(), args.toArray(String[]::new));
    BadInputTest.assertOneLineError(c, r.code(), r.err());
  }
}
