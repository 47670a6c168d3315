package dev.flotilla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flotilla.model.Severity;
import dev.flotilla.model.UserError;
import dev.flotilla.report.Formatting;
import dev.flotilla.track.Deployment;
import dev.flotilla.track.ErrorHit;
import dev.flotilla.track.ErrorOccurrence;
import dev.flotilla.track.ErrorQuery;
import dev.flotilla.track.ErrorStatus;
import dev.flotilla.track.ErrorTransition;
import dev.flotilla.track.Store;
import dev.flotilla.track.TrackedError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flotilla errors}: the tracked deployment errors and their resolution workflow. */
@Command(
    name = "errors",
    mixinStandardHelpOptions = true,
    description = {
      "Deployment errors recorded by 'up' and 'watch', grouped by fingerprint, and their resolution:",
      "list, show, resolve, reopen. A resolved error that happens again comes back as a regression."
    },
    subcommands = {ErrorsCommand.ListErrors.class, ErrorsCommand.Show.class, ErrorsCommand.Resolve.class, ErrorsCommand.Reopen.class},
    footer = {"", "Exit codes: 0 done; 2 bad usage or unknown error id; 3 the database is unreachable. See docs/cli/errors.md."})
public class ErrorsCommand implements Runnable {
  @ParentCommand FlotillaCommand parent;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  enum Format {
    text,
    json
  }

  enum StatusFilter {
    open,
    resolved,
    regression,
    all
  }

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  Console console() {
    return parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /** {@code errors list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List tracked errors, most recently seen first.")
  static class ListErrors implements Callable<Integer> {
    @ParentCommand ErrorsCommand errors;
    @Mixin ProjectOptions project;
    @Mixin StoreOptions storeOptions;

    @Option(names = "--status", paramLabel = "STATUS", description = "open (open and regression; the default), resolved, regression or all.")
    StatusFilter status = StatusFilter.open;

    @Option(names = "--service", paramLabel = "SERVICE", description = "Only errors of this service.")
    String service;

    @Option(names = "--since", paramLabel = "SPAN", description = "Only errors seen since then: 30m, 12h, 7d, 2w or a date (2026-11-01).")
    String since;

    @Option(names = "--severity", paramLabel = "SEVERITY", split = ",", description = "Only these severities: critical, high, medium, low (repeatable or comma-separated).")
    List<String> severities = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N", description = "At most N errors (default: 100).")
    int limit = 100;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text or json (default: text).")
    Format format = Format.text;

    @Override
    public Integer call() throws Exception {
      Console console = errors.console();
      Set<Severity> sev = EnumSet.noneOf(Severity.class);
      for (String s : severities) {
        try {
          sev.add(Severity.parse(s));
        } catch (IllegalArgumentException e) {
          throw UserError.input("--severity: " + e.getMessage());
        }
      }
      Set<ErrorStatus> statuses = switch (status) {
        case open -> Set.of(ErrorStatus.OPEN, ErrorStatus.REGRESSION);
        case resolved -> Set.of(ErrorStatus.RESOLVED);
        case regression -> Set.of(ErrorStatus.REGRESSION);
        case all -> Set.of();
      };
      StoreOptions.Scope scope = StoreOptions.scope(project);
      try (Store store = storeOptions.open(scope)) {
        List<TrackedError> list = store.errors(new ErrorQuery(storeOptions.projectFilter(scope), statuses, service,
            StoreOptions.since(since, Instant.now()), sev, limit));
        if (format == Format.json) {
          List<Map<String, Object>> out = new ArrayList<>();
          for (TrackedError e : list) out.add(summary(e));
          console.result(JSON.writeValueAsString(out));
          return ExitCode.OK;
        }
        if (list.isEmpty()) {
          console.info("no " + (status == StatusFilter.all ? "" : status + " ") + "errors recorded for " + (storeOptions.allProjects ? "any project" : "project " + scope.name()) + " in " + store.url());
          return ExitCode.OK;
        }
        console.result(String.format("%-6s %-10s %-8s %-9s %-16s %5s  %-20s %s", "ID", "STATUS", "SEVERITY", "CODE", "SERVICE", "COUNT", "LAST SEEN", "MESSAGE"));
        for (TrackedError e : list) {
          String st = e.status().lower();
          String painted = e.status() == ErrorStatus.REGRESSION ? console.paint("31", String.format("%-10s", st))
              : e.status() == ErrorStatus.RESOLVED ? console.paint("32", String.format("%-10s", st)) : String.format("%-10s", st);
          console.result(String.format("%-6d %s %-8s %-9s %-16s %5d  %-20s %s", e.id(), painted, e.severity().lower(), e.code(),
              e.service() == null ? "-" : e.service(), e.occurrences(), Formatting.time(e.lastSeen()), Formatting.oneLine(e.message(), 80)));
        }
        return ExitCode.OK;
      }
    }
  }

  /** {@code errors show ID}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one error: diagnosis, evidence, occurrences, first/last seen, the deployments it hit.")
  static class Show implements Callable<Integer> {
    @ParentCommand ErrorsCommand errors;
    @Parameters(index = "0", paramLabel = "ID", description = "The error's id (from 'errors list').")
    long id;
    @Mixin StoreOptions storeOptions;
    @Mixin ProjectSelection project;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text or json (default: text).")
    Format format = Format.text;

    @Option(names = "--evidence", paramLabel = "N", description = "Show the evidence of the last N occurrences (default: 3).")
    int evidence = 3;

    @Override
    public Integer call() throws Exception {
      Console console = errors.console();
      try (Store store = storeOptions.open(StoreOptions.scope(project.options()))) {
        TrackedError e = store.error(id).orElseThrow(() -> noSuchError(id));
        List<ErrorHit> hits = store.hits(id);
        List<ErrorOccurrence> occ = store.occurrences(id, Math.max(evidence, 0));
        List<ErrorTransition> history = store.transitions(id);
        if (format == Format.json) {
          Map<String, Object> out = summary(e);
          out.put("stack_trace", e.stackTrace());
          out.put("user_impact", e.userImpact());
          out.put("business_impact", e.businessImpact());
          out.put("cause", e.cause());
          out.put("fix", e.fix());
          out.put("resolution_notes", e.resolutionNotes());
          out.put("resolved_at", iso(e.resolvedAt()));
          out.put("resolved_by", e.resolvedBy());
          List<Map<String, Object>> d = new ArrayList<>();
          for (ErrorHit h : hits) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("deployment_id", h.deploymentId());
            m.put("occurrences", h.occurrences());
            m.put("first_seen", iso(h.firstSeen()));
            m.put("last_seen", iso(h.lastSeen()));
            store.deployment(h.deploymentId()).ifPresent(dep -> {
              m.put("environment", dep.environment());
              m.put("outcome", dep.outcome().lower());
            });
            d.add(m);
          }
          out.put("deployments", d);
          List<Map<String, Object>> ev = new ArrayList<>();
          for (ErrorOccurrence o : occ) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", iso(o.at()));
            m.put("deployment_id", o.deploymentId());
            m.put("environment", o.environment());
            m.put("evidence", o.evidence());
            ev.add(m);
          }
          out.put("evidence", ev);
          List<Map<String, Object>> tr = new ArrayList<>();
          for (ErrorTransition t : history) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", iso(t.at()));
            m.put("from", t.from() == null ? null : t.from().lower());
            m.put("to", t.to().lower());
            m.put("by", t.actor());
            m.put("notes", t.notes());
            tr.add(m);
          }
          out.put("history", tr);
          console.result(JSON.writeValueAsString(out));
          return ExitCode.OK;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(console.paint("1", "Error " + e.id() + ": " + e.code() + " " + e.severity().name() + " " + e.category().lower())).append('\n');
        sb.append("  status:        ").append(e.status().lower());
        if (e.regressions() > 0) sb.append(" (came back ").append(e.regressions()).append(e.regressions() == 1 ? " time" : " times").append(" after being resolved)");
        sb.append('\n');
        line(sb, "project", e.project());
        line(sb, "service", e.service());
        line(sb, "environment", e.environment());
        line(sb, "stage", e.stage());
        line(sb, "message", e.message());
        sb.append("  occurrences:   ").append(e.occurrences()).append('\n');
        sb.append("  first seen:    ").append(Formatting.time(e.firstSeen())).append('\n');
        sb.append("  last seen:     ").append(Formatting.time(e.lastSeen())).append('\n');
        line(sb, "cause", e.cause());
        line(sb, "fix", e.fix());
        line(sb, "user impact", e.userImpact());
        line(sb, "business impact", e.businessImpact());
        if (e.resolvedAt() != null || e.resolutionNotes() != null) {
          sb.append("  resolution:    ").append(e.resolutionNotes() == null ? "-" : e.resolutionNotes());
          if (e.resolvedAt() != null) sb.append(" (").append(e.resolvedBy()).append(", ").append(Formatting.time(e.resolvedAt())).append(')');
          sb.append('\n');
        }
        sb.append("  fingerprint:   ").append(e.fingerprint()).append('\n');
        sb.append('\n').append("Deployments it hit (").append(hits.size()).append("):\n");
        if (hits.isEmpty()) sb.append("  none recorded (found outside a deployment)\n");
        for (ErrorHit h : hits) {
          Deployment d = store.deployment(h.deploymentId()).orElse(null);
          sb.append(String.format("  #%-5d %-12s %-12s %3dx  %s%n", h.deploymentId(), d == null ? "-" : d.environment(),
              d == null ? "-" : d.outcome().lower(), h.occurrences(), Formatting.time(h.lastSeen())));
        }
        if (!occ.isEmpty()) {
          sb.append('\n').append("Evidence (last ").append(occ.size()).append("):\n");
          for (ErrorOccurrence o : occ) {
            sb.append("  ").append(Formatting.time(o.at()));
            if (o.deploymentId() != null) sb.append("  deployment #").append(o.deploymentId());
            sb.append('\n');
            if (o.evidence() != null) for (String l : o.evidence().lines().limit(20).toList()) sb.append("    | ").append(l).append('\n');
          }
        }
        if (e.stackTrace() != null && !e.stackTrace().isBlank()) {
          sb.append('\n').append("Stack trace:\n");
          for (String l : e.stackTrace().lines().limit(60).toList()) sb.append("    ").append(l).append('\n');
        }
        sb.append('\n').append("History:\n");
        for (ErrorTransition t : history) {
          sb.append("  ").append(Formatting.time(t.at())).append("  ").append(t.from() == null ? "recorded" : t.from().lower())
              .append(" -> ").append(t.to().lower()).append("  by ").append(t.actor());
          if (t.notes() != null) sb.append(": ").append(Formatting.oneLine(t.notes(), 100));
          sb.append('\n');
        }
        console.result(sb.toString().stripTrailing());
        return ExitCode.OK;
      }
    }
  }

  /** {@code errors resolve ID --notes … [--by NAME]}. */
  @Command(name = "resolve", mixinStandardHelpOptions = true, description = "Mark an error resolved, with notes on what fixed it.")
  static class Resolve implements Callable<Integer> {
    @ParentCommand ErrorsCommand errors;
    @Parameters(index = "0", paramLabel = "ID", description = "The error's id.")
    long id;
    @Mixin StoreOptions storeOptions;
    @Mixin ProjectSelection project;

    @Option(names = "--notes", required = true, paramLabel = "TEXT", description = "What was done (kept with the error; secrets are redacted).")
    String notes;

    @Option(names = "--by", paramLabel = "NAME", description = "Who resolved it (default: the current user).")
    String by;

    @Override
    public Integer call() {
      Console console = errors.console();
      if (notes.isBlank()) throw UserError.input("--notes is empty: say what fixed the error");
      try (Store store = storeOptions.open(StoreOptions.scope(project.options()))) {
        store.error(id).orElseThrow(() -> noSuchError(id));
        TrackedError e = store.resolveError(id, notes, by, Instant.now());
        console.result("resolved error " + e.id() + " (" + e.code() + (e.service() == null ? "" : ", " + e.service()) + ") by " + e.resolvedBy());
        return ExitCode.OK;
      }
    }
  }

  /** {@code errors reopen ID}. */
  @Command(name = "reopen", mixinStandardHelpOptions = true, description = "Open a resolved error again.")
  static class Reopen implements Callable<Integer> {
    @ParentCommand ErrorsCommand errors;
    @Parameters(index = "0", paramLabel = "ID", description = "The error's id.")
    long id;
    @Mixin StoreOptions storeOptions;
    @Mixin ProjectSelection project;

    @Option(names = "--by", paramLabel = "NAME", description = "Who reopened it (default: the current user).")
    String by;

    @Override
    public Integer call() {
      Console console = errors.console();
      try (Store store = storeOptions.open(StoreOptions.scope(project.options()))) {
        TrackedError before = store.error(id).orElseThrow(() -> noSuchError(id));
        if (before.status() != ErrorStatus.RESOLVED) {
          console.result("error " + id + " is already " + before.status().lower());
          return ExitCode.OK;
        }
        TrackedError e = store.reopenError(id, by, Instant.now());
        console.result("reopened error " + e.id() + " (" + e.code() + (e.service() == null ? "" : ", " + e.service()) + ")");
        return ExitCode.OK;
      }
    }
  }

  static UserError noSuchError(long id) {
    return UserError.input("no error with id " + id + " in the store (see 'flotilla errors list --status all')");
  }

  static Map<String, Object> summary(TrackedError e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("project", e.project());
    m.put("status", e.status().lower());
    m.put("code", e.code());
    m.put("severity", e.severity().lower());
    m.put("category", e.category().lower());
    m.put("service", e.service());
    m.put("environment", e.environment());
    m.put("stage", e.stage());
    m.put("message", e.message());
    m.put("occurrences", e.occurrences());
    m.put("first_seen", iso(e.firstSeen()));
    m.put("last_seen", iso(e.lastSeen()));
    m.put("regressions", e.regressions());
    m.put("fingerprint", e.fingerprint());
    return m;
  }

  static String iso(Instant t) {
    return t == null ? null : t.toString();
  }

  private static void line(StringBuilder sb, String label, String value) {
    if (value == null || value.isBlank()) return;
    String pad = String.format("  %-15s", label + ":");
    List<String> lines = value.strip().lines().toList();
    sb.append(pad).append(lines.get(0)).append('\n');
    for (int i = 1; i < Math.min(lines.size(), 10); i++) sb.append(" ".repeat(pad.length())).append(lines.get(i)).append('\n');
  }
}
