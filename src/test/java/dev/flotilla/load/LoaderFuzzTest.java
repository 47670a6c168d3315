package dev.flotilla.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random mutations of the fixture projects through the whole YAML + interpolation + merge +
 * schema + normalization path: every input either loads or fails with a {@link UserError} that has
 * a location — never another exception. Seeds are fixed, so a failure reproduces.
 */
class LoaderFuzzTest {
  static final String[] TOKENS = {"$", "$$", "${", "}", "${X:-", "${X:?", ":", "- ", "&a ", "*a", "<<: ", "!reset ", "!override ", "\t", "\n", "  ", "'", "\"", "[", "]", "{", "}", "#", "~", "-1", "65536", "\u00e9", "\\"};

  @TempDir Path dir;

  static List<String> corpus() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(ConfigDifferentialTest.FIXTURES)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) out.add(Files.readString(p));
    }
    return out;
  }

  static String mutate(String text, Random r) {
    StringBuilder b = new StringBuilder(text);
    int edits = 1 + r.nextInt(4);
    for (int i = 0; i < edits && b.length() > 0; i++) {
      int at = r.nextInt(b.length());
      switch (r.nextInt(3)) {
        case 0 -> b.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
        case 1 -> b.deleteCharAt(at);
        default -> b.setCharAt(at, TOKENS[r.nextInt(TOKENS.length)].charAt(0));
      }
    }
    return b.toString();
  }

  @Test
  void mutatedProjectsLoadOrFailWithALocatedUserError() throws IOException {
    List<String> corpus = corpus();
    Random r = new Random(Long.getLong("flotilla.fuzz.seed", 20261206L));
    Path compose = dir.resolve("compose.yaml");
    int loaded = 0;
    int refused = 0;
    for (int i = 0, n = Integer.getInteger("flotilla.fuzz.iterations", 400); i < n; i++) {
      String text = mutate(corpus.get(r.nextInt(corpus.size())), r);
      Files.writeString(compose, text);
      try {
        Loader.load(new LoadOptions(List.of(compose), null, null, List.of(), List.of("*"), Map.of("X", "1")));
        loaded++;
      } catch (UserError e) {
        refused++;
        assertThat(e.location()).as("location of '%s' for input:%n%s", e.getMessage(), text).isNotEqualTo(SourceLocation.UNKNOWN);
        assertThat(e.getMessage()).as("message for input:%n%s", text).isNotBlank();
      } catch (RuntimeException | StackOverflowError e) {
        throw new AssertionError("input " + i + " broke the loader with " + e + ":\n" + text, e);
      }
    }
    assertThat(loaded).as("some mutations still load").isPositive();
    assertThat(refused).as("some mutations are refused").isPositive();
  }

  @Test
  void escapingEveryDollarGivesTheTextBack() {
    Random r = new Random(7);
    Interpolator interp = new Interpolator(Map.of("A", "x"), new ArrayList<>());
    for (int i = 0; i < 2000; i++) {
      StringBuilder s = new StringBuilder();
      for (int k = r.nextInt(20); k > 0; k--) s.append(TOKENS[r.nextInt(TOKENS.length)]).append((char) ('A' + r.nextInt(3)));
      String text = s.toString();
      assertThat(interp.interpolate(text.replace("$", "$$"), SourceLocation.UNKNOWN, "x")).isEqualTo(text);
    }
  }
}
