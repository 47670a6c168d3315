package dev.flotilla.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.model.Stack;
import dev.flotilla.testing.Parts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Differential test: for every fixture project under {@code src/test/resources/load/config},
 * {@code flotilla config --format json} (the loader and {@link ComposeWriter}) and Debian's
 * {@code docker-compose config} (1.29, the oracle) describe the same services, images, builds,
 * commands, ports, environment, depends_on, healthchecks and volumes once both are normalized.
 *
 * <p>A fixture is a directory with compose files and optionally {@code flotilla.args} (one line
 * of {@code -f}, {@code --profile}, {@code --env-file} options, given to both tools) and
 * {@code shell.env} (the shell environment, KEY=VALUE per line).
 *
 * <p>Known, intended differences (not compared, or normalized away):
 *
 * <ul>
 *   <li>1.29's {@code config} keeps services of profiles that are not enabled; Docker Compose v2
 *       and Flotilla drop them. The test drops them from 1.29's output by the same rule.
 *   <li>1.29 prints short syntax (ports and volumes as strings, {@code command} and
 *       {@code healthcheck.test} as written, durations as written); Flotilla prints v2's long
 *       form. Both are parsed into one shape before comparing.
 *   <li>1.29 has no {@code name}, no {@code depends_on.required}/{@code restart}, no
 *       {@code env_file} long form, no {@code !reset}/{@code !override}, no {@code include}, no
 *       {@code ${VAR:+alt}}, no {@code start_interval}, no {@code dockerfile_inline}: those are
 *       covered by {@link LoaderTest} instead.
 *   <li>1.29 prints a literal {@code $} re-escaped as {@code $$} (its output is meant to be read
 *       back); Flotilla prints the value the container gets. The test unescapes 1.29's output.
 *   <li>1.29 does not nest interpolation ({@code ${A:-${B}}} stays literal); nesting is tested in
 *       {@link InterpolatorTest}.
 *   <li>Networks, top-level volumes, {@code mode} of a port and labels are not compared (v2 adds
 *       defaults 1.29 does not print).
 * </ul>
 */
class ConfigDifferentialTest {
  static final Path FIXTURES = Path.of("src/test/resources/load/config");
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<String> fixtures() throws IOException {
    try (Stream<Path> s = Files.list(FIXTURES)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @Test
  void thereAreAtLeastThirtyFixtureProjects() throws IOException {
    assertThat(fixtures().count()).isGreaterThanOrEqualTo(30);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void flotillaAndDockerCompose129Agree(String name) throws Exception {
    Parts.requireDockerCompose();
    Path dir = FIXTURES.resolve(name).toAbsolutePath();
    List<String> args = args(dir);
    Map<String, String> shell = shell(dir);

    Map<String, Object> ours = normalizeFlotilla(flotillaJson(dir, args, shell));
    Set<String> enabled = new LinkedHashSet<>();
    for (int i = 0; i < args.size(); i++) if (args.get(i).equals("--profile")) enabled.add(args.get(i + 1));
    Map<String, Object> theirs = normalizeCompose(oracle(name), enabled);

    assertThat(ours.keySet()).as("services of %s", name).isEqualTo(theirs.keySet());
    for (String svc : theirs.keySet()) {
      assertThat(ours.get(svc)).as("service %s of fixture %s", svc, name).isEqualTo(theirs.get(svc));
    }
  }

  // ---- running the two tools

  /** docker-compose (Python) starts slowly: run it for every fixture at once, three at a time, and wait per test. */
  private static Map<String, java.util.concurrent.Future<Map<String, Object>>> oracle;

  static synchronized Map<String, Object> oracle(String name) throws Exception {
    if (oracle == null) {
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3, r -> {
        Thread t = new Thread(r, "docker-compose-oracle");
        t.setDaemon(true);
        return t;
      });
      oracle = new TreeMap<>();
      for (String n : fixtures().toList()) {
        Path d = FIXTURES.resolve(n).toAbsolutePath();
        oracle.put(n, pool.submit(() -> dockerComposeConfig(d, args(d), shell(d))));
      }
      pool.shutdown();
    }
    try {
      return oracle.get(name).get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof AssertionError a) throw a;
      throw e;
    }
  }

  static List<String> args(Path dir) throws IOException {
    Path f = dir.resolve("flotilla.args");
    if (!Files.exists(f)) return List.of();
    return Arrays.stream(Files.readString(f).trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  static Map<String, String> shell(Path dir) throws IOException {
    Map<String, String> env = new TreeMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HOME", System.getProperty("user.home"));
    Path f = dir.resolve("shell.env");
    if (Files.exists(f)) {
      for (String line : Files.readAllLines(f)) {
        int eq = line.indexOf('=');
        if (eq > 0) env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }

  /** What {@code flotilla config --format json} prints for the fixture (in-process, same code path). */
  static Map<String, Object> flotillaJson(Path dir, List<String> args, Map<String, String> shell) throws IOException {
    List<Path> files = new ArrayList<>();
    List<Path> envFiles = new ArrayList<>();
    List<String> profiles = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      switch (args.get(i)) {
        case "-f" -> files.add(dir.resolve(args.get(++i)));
        case "--env-file" -> envFiles.add(dir.resolve(args.get(++i)));
        case "--profile" -> profiles.add(args.get(++i));
        default -> throw new IllegalArgumentException("unsupported fixture argument " + args.get(i));
      }
    }
    LoadOptions o = new LoadOptions(List.copyOf(files), files.isEmpty() ? dir : null, null, List.copyOf(envFiles), List.copyOf(profiles), shell);
    Stack stack = Loader.load(o);
    StackConsistency.require(stack);
    String json = JSON.writeValueAsString(ComposeWriter.project(stack));
    @SuppressWarnings("unchecked")
    Map<String, Object> m = JSON.readValue(json, Map.class);
    return m;
  }

  static Map<String, Object> dockerComposeConfig(Path dir, List<String> args, Map<String, String> shell) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("docker-compose", "--no-ansi"));
    cmd.addAll(args);
    cmd.add("config");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().clear();
    pb.environment().putAll(shell);
    Path out = Files.createTempFile("dc-config", ".yaml");
    Path err = Files.createTempFile("dc-config", ".err");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("docker-compose config timed out in " + dir);
      }
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("docker-compose config in %s failed: %s", dir, stderr).isZero();
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(out));
      return m;
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  // ---- normalization to one shape

  @SuppressWarnings("unchecked")
  static Map<String, Object> normalizeFlotilla(Map<String, Object> doc) {
    Map<String, Object> out = new TreeMap<>();
    Map<String, Object> services = (Map<String, Object>) doc.getOrDefault("services", Map.of());
    services.forEach((n, v) -> out.put(n, service((Map<String, Object>) v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> normalizeCompose(Map<String, Object> raw, Set<String> enabledProfiles) {
    Map<String, Object> doc = (Map<String, Object>) unescapeDollars(raw);
    Map<String, Object> out = new TreeMap<>();
    Map<String, Object> services = (Map<String, Object>) doc.getOrDefault("services", Map.of());
    services.forEach(
        (n, v) -> {
          Map<String, Object> s = (Map<String, Object>) v;
          List<String> profiles = (List<String>) s.getOrDefault("profiles", List.of());
          if (!profiles.isEmpty() && profiles.stream().noneMatch(enabledProfiles::contains)) return; // 1.29 keeps them; v2 does not
          out.put(n, service(s));
        });
    return out;
  }

  /** 1.29 prints a literal '$' as '$$' so that its output reads back the same; Flotilla prints the value itself. */
  static Object unescapeDollars(Object o) {
    if (o instanceof String str) return str.replace("$$", "$");
    if (o instanceof List<?> l) return l.stream().map(ConfigDifferentialTest::unescapeDollars).toList();
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), unescapeDollars(v)));
      return out;
    }
    return o;
  }

  /** One service in a shape both outputs map to. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> service(Map<String, Object> s) {
    Map<String, Object> m = new TreeMap<>();
    m.put("image", s.get("image"));
    m.put("build", build(s.get("build")));
    m.put("command", command(s.get("command")));
    m.put("entrypoint", command(s.get("entrypoint")));
    Map<String, Object> env = new TreeMap<>();
    if (s.get("environment") instanceof Map<?, ?> e) e.forEach((k, v) -> env.put(String.valueOf(k), v == null ? null : scalar(v)));
    m.put("environment", env);
    List<String> ports = new ArrayList<>();
    if (s.get("ports") instanceof List<?> l) for (Object p : l) ports.addAll(ports(p));
    ports.sort(null);
    m.put("ports", ports);
    List<String> vols = new ArrayList<>();
    if (s.get("volumes") instanceof List<?> l) for (Object v : l) vols.add(volume(v));
    vols.sort(null);
    m.put("volumes", vols);
    Map<String, String> deps = new TreeMap<>();
    if (s.get("depends_on") instanceof List<?> l) for (Object d : l) deps.put(String.valueOf(d), "service_started");
    if (s.get("depends_on") instanceof Map<?, ?> dm) {
      dm.forEach((k, v) -> deps.put(String.valueOf(k), v instanceof Map<?, ?> c && c.get("condition") != null ? String.valueOf(c.get("condition")) : "service_started"));
    }
    m.put("depends_on", deps);
    m.put("healthcheck", healthcheck(s.get("healthcheck")));
    List<String> expose = new ArrayList<>();
    if (s.get("expose") instanceof List<?> l) for (Object x : l) expose.add(scalar(x));
    expose.sort(null);
    m.put("expose", expose);
    for (String k : List.of("restart", "user", "working_dir", "container_name", "network_mode", "privileged")) {
      if (s.get(k) != null) m.put(k, scalar(s.get(k)));
    }
    return m;
  }

  static String scalar(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && !String.valueOf(v).contains("E")) return String.valueOf(v);
    return String.valueOf(v);
  }

  @SuppressWarnings("unchecked")
  static Object build(Object b) {
    if (b == null) return null;
    Map<String, Object> m = new TreeMap<>();
    if (b instanceof String ctx) {
      m.put("context", ctx);
      m.put("dockerfile", "Dockerfile");
      m.put("args", Map.of());
      return m;
    }
    Map<String, Object> bm = (Map<String, Object>) b;
    m.put("context", bm.get("context"));
    m.put("dockerfile", bm.getOrDefault("dockerfile", "Dockerfile"));
    Map<String, String> args = new TreeMap<>();
    if (bm.get("args") instanceof Map<?, ?> a) a.forEach((k, v) -> { if (v != null) args.put(String.valueOf(k), scalar(v)); });
    if (bm.get("args") instanceof List<?> a) {
      for (Object o : a) {
        String kv = String.valueOf(o);
        int eq = kv.indexOf('=');
        if (eq > 0) args.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    m.put("args", args);
    if (bm.get("target") != null) m.put("target", bm.get("target"));
    return m;
  }

  static Object command(Object c) {
    if (c == null) return null;
    if (c instanceof List<?> l) return l.stream().map(String::valueOf).toList();
    return ShortSyntax.shellSplit(String.valueOf(c));
  }

  private static final Pattern PORT = Pattern.compile("^(?:(?:([0-9.]+):)?(\\d*(?:-\\d+)?):)?(\\d+(?:-\\d+)?)(?:/(\\w+))?$");

  /** "ip|published|target|protocol" for each port (ranges expanded). */
  static List<String> ports(Object p) {
    if (p instanceof Map<?, ?> m) {
      Object pub = m.get("published");
      String proto = m.get("protocol") == null ? "tcp" : String.valueOf(m.get("protocol"));
      return List.of((m.get("host_ip") == null ? "" : m.get("host_ip")) + "|" + (pub == null ? "" : pub) + "|" + m.get("target") + "|" + proto);
    }
    Matcher x = PORT.matcher(String.valueOf(p));
    if (!x.matches()) throw new AssertionError("unexpected port syntax from docker-compose: " + p);
    String ip = x.group(1) == null ? "" : x.group(1);
    String pub = x.group(2) == null ? "" : x.group(2);
    String proto = x.group(4) == null ? "tcp" : x.group(4);
    int[] t = range(x.group(3));
    List<String> out = new ArrayList<>();
    int[] h = pub.isEmpty() ? null : range(pub);
    for (int k = 0; k <= t[1] - t[0]; k++) out.add(ip + "|" + (h == null ? "" : String.valueOf(h[0] + k)) + "|" + (t[0] + k) + "|" + proto);
    return out;
  }

  private static int[] range(String r) {
    String[] ab = r.split("-");
    int a = Integer.parseInt(ab[0]);
    return new int[] {a, ab.length > 1 ? Integer.parseInt(ab[1]) : a};
  }

  /** "type|source|target|ro" for a mount. */
  static String volume(Object v) {
    if (v instanceof Map<?, ?> m) {
      Object src = m.get("source");
      return m.get("type") + "|" + (src == null ? "" : src) + "|" + m.get("target") + "|" + Boolean.TRUE.equals(m.get("read_only"));
    }
    String[] parts = String.valueOf(v).split(":");
    if (parts.length == 1) return "volume||" + parts[0] + "|false";
    String src = parts[0];
    String type = src.startsWith("/") || src.startsWith(".") || src.startsWith("~") ? "bind" : "volume";
    boolean ro = parts.length > 2 && Arrays.asList(parts[2].split(",")).contains("ro");
    return type + "|" + src + "|" + parts[1] + "|" + ro;
  }

  @SuppressWarnings("unchecked")
  static Object healthcheck(Object h) {
    if (!(h instanceof Map<?, ?>)) return null;
    Map<String, Object> hm = (Map<String, Object>) h;
    Map<String, Object> m = new TreeMap<>();
    Object test = hm.get("test");
    List<String> t = test instanceof List<?> l ? l.stream().map(String::valueOf).toList() : test == null ? List.of() : List.of("CMD-SHELL", String.valueOf(test));
    boolean disabled = Boolean.TRUE.equals(hm.get("disable")) || (!t.isEmpty() && t.get(0).equals("NONE"));
    m.put("disabled", disabled);
    if (disabled) return m;
    m.put("test", t);
    for (String k : List.of("interval", "timeout", "start_period")) if (hm.get(k) != null) m.put(k, duration(String.valueOf(hm.get(k))));
    if (hm.get("retries") != null) m.put("retries", scalar(hm.get("retries")));
    return m;
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|us|µs|ns|m|s)");

  static Duration duration(String s) {
    if (s.matches("\\d+")) return Duration.ofSeconds(Long.parseLong(s));
    Matcher m = DURATION.matcher(s);
    double nanos = 0;
    int pos = 0;
    Map<String, Double> unit = new HashMap<>(Map.of("h", 3600e9, "m", 60e9, "s", 1e9, "ms", 1e6, "us", 1e3, "µs", 1e3, "ns", 1.0));
    while (m.find() && m.start() == pos) {
      nanos += Double.parseDouble(m.group(1)) * unit.get(m.group(2));
      pos = m.end();
    }
    if (pos != s.length()) throw new AssertionError("unexpected duration " + s);
    return Duration.ofNanos((long) nanos);
  }
}
