package dev.flotilla.check;

import static org.junit.jupiter.api.Assertions.fail;

import dev.flotilla.load.LoadOptions;
import dev.flotilla.model.Stack;
import dev.flotilla.testing.Parts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs a rule over a fixture project and compares its findings with the expectations written in
 * the fixture's files. A line that must be reported carries {@code # expect: CODE[,CODE]} (or
 * {@code // expect: CODE}) as a trailing comment; a comment line of its own applies to the next
 * non-comment line (the way to mark a Dockerfile instruction, where a trailing {@code #} is not a
 * comment). The harness fails on a missing finding and on an extra one.
 *
 * <p>Layout: {@code src/test/resources/check/<CODE>/<bad|clean>/} holds one project (a compose file
 * directly inside) or several, one per subdirectory. The project is copied to a temporary
 * directory first; path segments starting with {@code _dot_} are renamed to start with {@code .}
 * there ({@code _dot_gitignore}, {@code _dot_DS_Store}, {@code _dot_git}), so files this repository
 * would itself ignore can be fixtures. An optional {@code fixture.properties} beside the compose
 * file (not copied) sets {@code files} (comma-separated {@code -f} files), {@code profiles},
 * {@code rules} (codes to run instead of the directory's code), {@code env.NAME} (the shell
 * environment), {@code git=true} (make the copy a git repository with every file committed except
 * ignored ones and those in {@code untracked}).
 */
public final class FixtureHarness {

  /** Where fixtures live, relative to the module root (Maven runs tests there). */
  public static final Path ROOT = Path.of("src/test/resources/check");

  private static final Pattern EXPECT =
      Pattern.compile("(?:#|//)\\s*expect:\\s*([A-Z]{3}\\d{3}(?:\\s*,\\s*[A-Z]{3}\\d{3})*)");
  private static final List<String> COMPOSE_NAMES =
      List.of("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml");

  private final Path source;
  private Set<String> rules = new LinkedHashSet<>();
  private boolean git;
  private final List<String> untracked = new ArrayList<>();
  private final List<String> files = new ArrayList<>();
  private final List<String> profiles = new ArrayList<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private Path work;

  private FixtureHarness(Path source) {
    this.source = source;
  }

  /** The fixture {@code check/<code>/<variant>} (a project directory), running rule {@code code}. */
  public static FixtureHarness fixture(String code, String variant) {
    Path dir = ROOT.resolve(code).resolve(variant);
    if (!Files.isDirectory(dir)) fail("no fixture directory " + dir.toAbsolutePath());
    return at(dir).rule(code);
  }

  /** Any project directory as a fixture; runs every rule unless {@link #rule} narrows it. */
  public static FixtureHarness at(Path projectDir) {
    FixtureHarness h = new FixtureHarness(projectDir);
    h.readProperties();
    return h;
  }

  public FixtureHarness rule(String... codes) {
    if (rules.isEmpty()) rules.addAll(Arrays.asList(codes));
    return this;
  }

  /** Runs every registered rule (expectations of every code count). */
  public FixtureHarness allRules() {
    rules = new LinkedHashSet<>();
    rules.add("*");
    return this;
  }

  public FixtureHarness git(String... untrackedPaths) {
    git = true;
    untracked.addAll(Arrays.asList(untrackedPaths));
    return this;
  }

  public FixtureHarness profiles(String... names) {
    profiles.addAll(Arrays.asList(names));
    return this;
  }

  public FixtureHarness env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** The temporary copy the checks run on (created on first use). */
  public Path workDir() {
    if (work == null) work = copy();
    return work;
  }

  public LoadOptions loadOptions() {
    Path dir = workDir();
    List<Path> f = files.stream().map(dir::resolve).toList();
    return new LoadOptions(f, dir, null, List.of(), List.copyOf(profiles.isEmpty() ? List.of("*") : profiles), Map.copyOf(env));
  }

  public Stack load() {
    return load(loadOptions());
  }

  public CheckOptions checkOptions() {
    return rules.contains("*") || rules.isEmpty() ? CheckOptions.DEFAULT : CheckOptions.DEFAULT.withRules(rules);
  }

  public CheckResult check() {
    return new Checker().check(load(), checkOptions());
  }

  /** Checks the fixture and fails unless the findings are exactly the expected ones. */
  public CheckResult assertExpectations() {
    CheckResult result = check();
    assertMatches(result);
    return result;
  }

  /** Fails unless {@code result} holds exactly the findings the fixture's comments expect. */
  public void assertMatches(CheckResult result) {
    Path dir = workDir();
    Set<String> codesRun = result.rulesRun().stream().map(RuleInfo::code).collect(Collectors.toSet());
    for (CheckResult.RuleFailure rf : result.failures()) {
      fail(rf.code() + " threw on fixture " + source + ": " + rf.message());
    }
    Set<String> expected = new TreeSet<>();
    for (Expectation e : expectations(dir)) {
      if (codesRun.contains(e.code())) expected.add(e.key());
    }
    Map<String, Finding> actual = new LinkedHashMap<>();
    for (Finding f : result.findings()) actual.put(key(f, dir), f);
    List<String> problems = new ArrayList<>();
    for (String e : expected) {
      if (!actual.containsKey(e)) problems.add("missing: " + e);
    }
    for (Map.Entry<String, Finding> a : actual.entrySet()) {
      if (!expected.contains(a.getKey())) {
        problems.add("extra:   " + a.getKey() + "  (" + a.getValue().message() + ")");
      }
    }
    if (!problems.isEmpty()) {
      fail("fixture " + source + " (rules " + new TreeSet<>(codesRun) + "):\n  " + String.join("\n  ", problems)
          + "\nfindings were:\n  "
          + result.findings().stream().map(f -> key(f, dir) + " " + f.message()).collect(Collectors.joining("\n  ")));
    }
  }

  /** {@code path:line CODE}, the identity the harness compares. */
  static String key(Finding f, Path dir) {
    String file = f.location().file() == null ? "<unknown>" : Checker.relative(f.location().file(), dir).replace('\\', '/');
    return file + ":" + f.location().line() + " " + f.code();
  }

  /** An expected finding: file relative to the project, line, code. */
  public record Expectation(String file, int line, String code) {
    String key() {
      return file + ":" + line + " " + code;
    }
  }

  /** Every {@code expect:} comment under {@code dir}. */
  public static List<Expectation> expectations(Path dir) {
    List<Expectation> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        Path rel = dir.relativize(p);
        if (rel.startsWith(".git")) continue;
        List<String> lines = readLines(p);
        List<String> pending = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          String trimmed = line.strip();
          Matcher m = EXPECT.matcher(line);
          List<String> codes = new ArrayList<>();
          if (m.find()) for (String c : m.group(1).split(",")) codes.add(c.trim());
          boolean commentOnly = trimmed.startsWith("#") || trimmed.startsWith("//");
          if (commentOnly) {
            pending.addAll(codes);
            continue;
          }
          if (trimmed.isEmpty()) continue;
          List<String> here = new ArrayList<>(pending);
          here.addAll(codes);
          for (String c : here) out.add(new Expectation(rel.toString().replace('\\', '/'), i + 1, c));
          pending.clear();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * One dynamic test per fixture project under {@link #ROOT}: {@code check/<CODE>/<variant>[/<case>]}
   * runs rule CODE and compares. Rules named in the directory that are not registered fail.
   */
  public static Stream<DynamicNode> everyFixture() {
    if (!Files.isDirectory(ROOT)) return Stream.empty();
    try (Stream<Path> codes = Files.list(ROOT)) {
      return codes.filter(Files::isDirectory).sorted().map(FixtureHarness::codeContainer).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DynamicNode codeContainer(Path codeDir) {
    String code = codeDir.getFileName().toString();
    List<DynamicNode> tests = new ArrayList<>();
    for (Path project : projects(codeDir)) {
      String name = codeDir.relativize(project).toString().replace('\\', '/');
      tests.add(DynamicTest.dynamicTest(code + "/" + name, project.toUri(), () -> {
        if (Checker.rule(code).isEmpty()) fail("fixture directory " + codeDir + " names no registered rule " + code);
        at(project).rule(code).assertExpectations();
      }));
    }
    return DynamicContainer.dynamicContainer(code, tests);
  }

  /** Project directories below a code directory: each directory holding a compose file. */
  public static List<Path> projects(Path codeDir) {
    try (Stream<Path> walk = Files.walk(codeDir)) {
      return walk.filter(Files::isDirectory)
          .filter(d -> COMPOSE_NAMES.stream().anyMatch(n -> Files.isRegularFile(d.resolve(n)))
              || Files.isRegularFile(d.resolve("fixture.properties")))
          .filter(d -> !d.getFileName().toString().equals("after"))
          .filter(d -> !isInsideProject(codeDir, d))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isInsideProject(Path codeDir, Path d) {
    for (Path p = d.getParent(); p != null && p.startsWith(codeDir) && !p.equals(codeDir); p = p.getParent()) {
      final Path q = p;
      if (COMPOSE_NAMES.stream().anyMatch(n -> Files.isRegularFile(q.resolve(n)))) return true;
    }
    return false;
  }

  private void readProperties() {
    Path file = source.resolve("fixture.properties");
    if (!Files.isRegularFile(file)) return;
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    split(p.getProperty("files")).forEach(files::add);
    split(p.getProperty("profiles")).forEach(profiles::add);
    split(p.getProperty("rules")).forEach(rules::add);
    if (Boolean.parseBoolean(p.getProperty("git", "false"))) git = true;
    split(p.getProperty("untracked")).forEach(untracked::add);
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith("env.")) env.put(k.substring(4), p.getProperty(k));
    }
  }

  private static List<String> split(String v) {
    if (v == null || v.isBlank()) return List.of();
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private Path copy() {
    try {
      Path target = Files.createTempDirectory("flotilla-fixture-").toRealPath();
      try (Stream<Path> walk = Files.walk(source)) {
        for (Path p : walk.sorted().toList()) {
          Path rel = source.relativize(p);
          if (rel.toString().isEmpty() || rel.toString().equals("fixture.properties")) continue;
          Path dest = target;
          for (Path seg : rel) {
            String s = seg.toString();
            dest = dest.resolve(s.startsWith("_dot_") ? "." + s.substring(5) : s);
          }
          if (Files.isDirectory(p)) Files.createDirectories(dest);
          else Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      if (git) initGit(target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void initGit(Path dir) {
    Parts.require(Parts.run("git", "--version"), "git");
    git(dir, "init", "-q");
    git(dir, "add", "-A");
    for (String u : untracked) git(dir, "rm", "-q", "--cached", "-r", "--ignore-unmatch", u);
    git(dir, "-c", "user.email=fixture@flotilla.dev", "-c", "user.name=fixture", "-c", "commit.gpgsign=false",
        "commit", "-q", "--allow-empty", "-m", "fixture");
  }

  static void git(Path dir, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(Arrays.asList(args));
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) fail(String.join(" ", cmd) + " failed: " + out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<String> readLines(Path p) throws IOException {
    try {
      return Files.readAllLines(p, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      return List.of();
    }
  }

  /**
   * Calls {@code dev.flotilla.load.Loader.load(LoadOptions)}: the loader is written on its own
   * branch, so the harness binds to it at run time rather than at compile time.
   */
  public static Stack load(LoadOptions options) {
    try {
      Class<?> loader = Class.forName("dev.flotilla.load.Loader");
      Method m = loader.getMethod("load", LoadOptions.class);
      Object target = Modifier.isStatic(m.getModifiers()) ? null : loader.getDeclaredConstructor().newInstance();
      return (Stack) m.invoke(target, options);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("dev.flotilla.load.Loader is not on the class path yet (merge the loader branch)", e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot call Loader.load(LoadOptions): " + e, e);
    }
  }

}
