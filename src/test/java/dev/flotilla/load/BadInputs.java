package dev.flotilla.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Bad projects a user can hand to {@code flotilla config}: each must give exit 2 and a one-line
 * error naming the file (and line, where there is one) and what to do, never a stack trace. Shared
 * by {@link BadInputTest} (in-process) and {@code ConfigBadInputIT} (the packaged jar).
 */
public final class BadInputs {
  private BadInputs() {}

  /** {@code where}: the text the first error line must start with ("compose.yaml:3"); {@code says}: what it must contain. */
  public record Case(String name, Setup setup, String where, String says) {
    @Override
    public String toString() {
      return name;
    }
  }

  @FunctionalInterface
  public interface Setup {
    /** Writes the project into {@code dir}; returns the arguments after {@code config}. */
    List<String> write(Path dir) throws IOException;
  }

  static List<String> compose(Path dir, String text) throws IOException {
    Files.writeString(dir.resolve("compose.yaml"), text);
    return List.of(dir.toString());
  }

  public static List<Case> all() {
    List<Case> c = new ArrayList<>();
    c.add(new Case("malformed YAML", d -> compose(d, "services:\n  a:\n    image: [busybox\n  b:\n    image: x\n"), "compose.yaml:", "malformed YAML"));
    c.add(new Case("tab indentation", d -> compose(d, "services:\n\ta:\n"), "compose.yaml:2", "malformed YAML"));
    c.add(new Case("alias bomb", d -> compose(d, aliasBomb()), "compose.yaml:", "alias"));
    c.add(new Case("50 MB file", d -> {
      try (FileChannel ch = FileChannel.open(d.resolve("compose.yaml"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap("#\n".getBytes(StandardCharsets.UTF_8)), 50L * 1024 * 1024);
      }
      return List.of(d.toString());
    }, "compose.yaml", "is this the right file"));
    c.add(new Case("non-UTF-8 bytes", d -> {
      Files.write(d.resolve("compose.yaml"), new byte[] {'s', 'e', 'r', 'v', 'i', 'c', 'e', 's', ':', '\n', ' ', ' ', (byte) 0xFF, ':', '\n'});
      return List.of(d.toString());
    }, "compose.yaml:2", "save the file as UTF-8"));
    c.add(new Case("no compose file", d -> {
      Files.createDirectories(d.resolve("empty"));
      return List.of("--project-directory", d.resolve("empty").toString());
    }, "", "give one with -f"));
    c.add(new Case("compose file is a directory", d -> {
      Files.createDirectories(d.resolve("x.yaml"));
      return List.of("-f", d.resolve("x.yaml").toString());
    }, "", "is a directory"));
    if (!"root".equals(System.getProperty("user.name"))) { // root reads any file
      c.add(new Case("unreadable file", d -> {
        Path f = d.resolve("compose.yaml");
        Files.writeString(f, "services:\n  a:\n    image: x\n");
        Files.setPosixFilePermissions(f, java.util.Set.of());
        return List.of(d.toString());
      }, "compose.yaml", "check its permissions"));
    }
    c.add(new Case("unknown top-level key", d -> compose(d, "services:\n  a:\n    image: x\nservice:\n  b:\n    image: y\n"), "compose.yaml:4", "custom keys start with x-"));
    c.add(new Case("unknown service key", d -> compose(d, "services:\n  a:\n    image: x\n    imagee: y\n"), "compose.yaml:4", "unknown key 'imagee'"));
    c.add(new Case("wrong type", d -> compose(d, "services:\n  a:\n    image: x\n    ports: 8080\n"), "compose.yaml:4", "must be a list"));
    c.add(new Case("extends cycle", d -> compose(d, "services:\n  a:\n    image: x\n    extends: b\n  b:\n    extends: a\n"), "compose.yaml:", "extends cycle"));
    c.add(new Case("include of a missing file", d -> compose(d, "include:\n  - other/compose.yaml\nservices:\n  a:\n    image: x\n"), "compose.yaml:2", "fix the path"));
    c.add(new Case("symlink loop", d -> {
      Files.createSymbolicLink(d.resolve("compose.yaml"), d.resolve("compose.yaml"));
      return List.of("-f", d.resolve("compose.yaml").toString());
    }, "compose.yaml", "symbolic link loop"));
    c.add(new Case("bad interpolation", d -> compose(d, "services:\n  a:\n    image: busybox:${TAG\n"), "compose.yaml:3", "use $$ for a literal $"));
    c.add(new Case("required variable", d -> compose(d, "services:\n  a:\n    image: busybox:${TAG:?set TAG}\n"), "compose.yaml:3", "set TAG"));
    c.add(new Case("missing -f file", d -> List.of("-f", d.resolve("nope.yaml").toString()), "nope.yaml", "no such file"));
    c.add(new Case("missing env_file", d -> compose(d, "services:\n  a:\n    image: x\n    env_file: secrets.env\n"), "compose.yaml:4", "required: false"));
    c.add(new Case("invalid port", d -> compose(d, "services:\n  a:\n    image: x\n    ports: ['80:80:80:80']\n"), "compose.yaml:4", "invalid port"));
    c.add(new Case("empty service", d -> compose(d, "services:\n  a:\n"), "compose.yaml:2", "give it an image or a build"));
    c.add(new Case("undefined dependency", d -> compose(d, "services:\n  a:\n    image: x\n    depends_on: [db]\n"), "compose.yaml:4", "define it or remove the dependency"));
    c.add(new Case("duplicate key", d -> compose(d, "services:\n  a:\n    image: x\n    image: y\n"), "compose.yaml:4", "remove one of them"));
    c.add(new Case("bad duration", d -> compose(d, "services:\n  a:\n    image: x\n    healthcheck:\n      interval: soon\n"), "compose.yaml:5", "write e.g. 10s"));
    return c;
  }

  static String aliasBomb() {
    StringBuilder y = new StringBuilder("x-a: &a [x, x, x, x, x, x, x, x, x]\n");
    char prev = 'a';
    for (char ch = 'b'; ch <= 'i'; ch++) {
      y.append("x-").append(ch).append(": &").append(ch).append(" [");
      for (int i = 0; i < 9; i++) y.append(i == 0 ? "" : ", ").append('*').append(prev);
      y.append("]\n");
      prev = ch;
    }
    return y.append("services:\n  a:\n    image: x\n").toString();
  }
}
