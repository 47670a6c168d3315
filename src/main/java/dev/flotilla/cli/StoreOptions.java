package dev.flotilla.cli;

import dev.flotilla.load.Loader;
import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import dev.flotilla.track.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Which store a command reads or writes ({@code --db}, else {@code FLOTILLA_DB}, else the
 * project's embedded file) and which project in it ({@code -p}, else the compose project's name).
 */
public class StoreOptions {
  @Option(names = "--db", paramLabel = "JDBC_URL",
      description = "Store: jdbc:postgresql://HOST:PORT/DB?user=…&password=… or jdbc:h2:file:PATH (default: FLOTILLA_DB, else PROJECT/.flotilla/flotilla).")
  String db;

  @Option(names = "--all-projects", description = "Include every project recorded in the store, not only this one.")
  boolean allProjects;

  /** The project a store command works on: its directory, its name, and its model when it loaded. */
  public record Scope(Path directory, String name, Stack stack, String loadProblem) {}

  /**
   * Finds the project like {@code docker compose} does. A project whose compose file is missing
   * or broken still has a store: its directory and name then come from the flags and the
   * directory name, and the load problem is kept for commands that need the model.
   */
  public static Scope scope(ProjectOptions project) {
    var options = project.toLoadOptions();
    try {
      Stack stack = Loader.load(options);
      return new Scope(stack.projectDir(), stack.name(), stack, null);
    } catch (UserError e) {
      Path cwd = Path.of("").toAbsolutePath();
      Path dir = options.projectDirectory() != null ? cwd.resolve(options.projectDirectory()).normalize()
          : !options.files().isEmpty() ? cwd.resolve(options.files().get(0)).toAbsolutePath().normalize().getParent() : cwd;
      String name = options.projectName();
      if (name == null || name.isBlank()) name = System.getenv("COMPOSE_PROJECT_NAME");
      if (name == null || name.isBlank()) name = normalizeName(dir.getFileName() == null ? "default" : dir.getFileName().toString());
      return new Scope(dir, name, null, e.getMessage());
    }
  }

  /** Compose's project-name rule: lower case, letters, digits, dashes and underscores. */
  static String normalizeName(String raw) {
    String n = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
    n = n.replaceAll("^[^a-z0-9]+", "");
    return n.isEmpty() ? "default" : n;
  }

  /** Opens the store for a project (exit 3 when a server is unreachable). */
  public Store open(Scope scope) {
    String url = Store.resolveUrl(db, scope.directory(), System.getenv());
    if (url.startsWith("jdbc:h2:file:") && db == null && System.getenv(Store.ENV_DB) == null
        && !Files.isDirectory(scope.directory())) {
      throw UserError.input(scope.directory() + ": no such project directory (give a project directory, or --db)");
    }
    return Store.open(url);
  }

  /** The project to filter on: null with {@code --all-projects}. */
  public String projectFilter(Scope scope) {
    return allProjects ? null : scope.name();
  }

  private static final Pattern SPAN = Pattern.compile("(\\d+)\\s*(s|m|min|h|d|w)");

  /**
   * A point in the past written as a span ({@code 30m}, {@code 12h}, {@code 7d}, {@code 2w}) or an
   * ISO date or instant ({@code 2026-11-01}, {@code 2026-11-01T08:00:00Z}).
   */
  public static Instant since(String text, Instant now) {
    if (text == null || text.isBlank()) return null;
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SPAN.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d = switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m", "min" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
      return now.minus(d);
    }
    try {
      if (text.trim().length() == 10) return java.time.LocalDate.parse(text.trim()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      return Instant.parse(text.trim());
    } catch (java.time.format.DateTimeParseException e) {
      throw UserError.input("--since " + text + ": not a time span or date (use 30m, 12h, 7d, 2w or 2026-11-01)");
    }
  }
}
