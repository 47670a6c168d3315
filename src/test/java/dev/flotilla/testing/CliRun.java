package dev.flotilla.testing;

import dev.flotilla.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the CLI in-process ({@link Main#run}) or as a whole process from the packaged jar. */
public final class CliRun {
  private CliRun() {}

  public record Result(int code, String out, String err) {}

  public static Result inProcess(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  /** The packaged jar (system property {@code flotilla.jar}), in {@code dir}, with extra environment. */
  public static Result jar(Path dir, Map<String, String> env, String... args) throws Exception {
    String jar = System.getProperty("flotilla.jar", "target/flotilla.jar");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", Path.of(jar).toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    return process(cmd, dir, env, args);
  }

  /** The checkout's launcher script ({@code ./flotilla}, run by bash), in {@code dir}, with extra environment. */
  public static Result launcher(Path dir, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", Path.of("flotilla").toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    return process(cmd, dir, env, args);
  }

  private static Result process(List<String> cmd, Path dir, Map<String, String> env, String... args) throws Exception {
    Path out = Files.createTempFile("flotilla-out", ".txt");
    Path err = Files.createTempFile("flotilla-err", ".txt");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().remove("NO_COLOR");
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("flotilla " + String.join(" ", args) + " did not finish in 120 s");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
