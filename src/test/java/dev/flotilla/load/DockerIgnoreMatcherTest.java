package dev.flotilla.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.model.DockerIgnore;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected outcomes follow Docker's own (moby/patternmatcher): the last matching pattern decides. */
class DockerIgnoreMatcherTest {
  static boolean excluded(String ignore, String path) {
    DockerIgnore d = DockerIgnoreParser.parse(Path.of("/ctx/.dockerignore"), ignore.replace(";", "\n"));
    return DockerIgnoreMatcher.of(d).isExcluded(path);
  }

  @ParameterizedTest(name = "[{0}] {1} -> {2}")
  @CsvSource({
    // a pattern is anchored at the context root: *.md is top-level only
    "'*.md', README.md, true",
    "'*.md', docs/guide.md, false",
    "'**/*.md', docs/deep/guide.md, true",
    "'**/*.md', README.md, true",
    // a directory pattern excludes everything below it
    "node_modules, node_modules/a/b.js, true",
    "node_modules, src/node_modules/a.js, false",
    "'**/node_modules', src/node_modules/a.js, true",
    // leading slash and ./ are cleaned away
    "/build, build/out.o, true",
    "./build, build/out.o, true",
    // ? and * stay in one segment
    "'temp?', temp1, true",
    "'temp?', temp12, false",
    "'a/*/c', a/b/c, true",
    "'a/*/c', a/b/x/c, false",
    "'a/**/c', a/b/x/c, true",
    // exceptions: the last match wins
    "'*.md;!README.md', README.md, false",
    "'*.md;!README.md', CHANGES.md, true",
    "'!README.md;*.md', README.md, true",
    // comments and blank lines are ignored
    "'# comment;;secret.txt', secret.txt, true",
    "'# comment;;secret.txt', '# comment', false",
    // character classes
    "'file[0-9].txt', file5.txt, true",
    "'file[!0-9].txt', file5.txt, false",
    // the context root itself is never excluded
    "'*', ., false",
    "'*', anything, true",
  })
  void matchesLikeDocker(String ignore, String path, boolean expected) {
    assertThat(excluded(ignore, path)).isEqualTo(expected);
  }
}
