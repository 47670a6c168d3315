package dev.flotilla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.deploy.Operations;
import dev.flotilla.deploy.RuntimeProber;
import dev.flotilla.model.Stack;
import dev.flotilla.runtime.Runtime;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flotilla status}: what runs, how healthy, how busy. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {"Show every service: phase, state, health (probed now), ports, uptime, restarts, CPU and memory."},
    footer = {"", "Exit codes: 0 every service runs and is healthy; 1 some service is not running or unhealthy;",
        "2 invalid input; 3 the engine is unreachable. See docs/cli/status.md."})
public class StatusCommand implements Callable<Integer> {
  enum Format {
    text,
    json
  }

  @ParentCommand FlotillaCommand parent;
  @Mixin ProjectOptions project;
  @Mixin RuntimeOption runtimeOption;
  @Spec CommandSpec spec;

  @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
  Format format = Format.text;

  @Override
  public Integer call() {
    Console console = parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    Stack stack = runtimeOption.load(project.toLoadOptions());
    List<Operations.Row> rows;
    try (Runtime runtime = runtimeOption.open(stack); RuntimeProber prober = new RuntimeProber(runtime)) {
      runtime.ping();
      rows = new Operations(runtime, null).status(stack, prober);
    }
    console.result(format == Format.json ? json(stack.name(), rows) : text(rows));
    boolean allGood = rows.stream().allMatch(r -> "running".equals(r.state()) && !"unhealthy".equals(r.health()));
    return allGood ? ExitCode.OK : ExitCode.FAILED;
  }

  static String text(List<Operations.Row> rows) {
    StringBuilder sb = new StringBuilder(String.format("%-20s %5s  %-12s %-10s %-28s %9s %8s %6s %9s%n",
        "SERVICE", "PHASE", "STATE", "HEALTH", "PORTS", "UPTIME", "RESTARTS", "CPU", "MEMORY"));
    for (Operations.Row r : rows) {
      String state = r.state() + (r.exitCode() != null && !"running".equals(r.state()) ? " (" + r.exitCode() + ")" : "");
      sb.append(String.format("%-20s %5s  %-12s %-10s %-28s %9s %8d %6s %9s%n", r.service(), r.phase() == 0 ? "-" : r.phase(), state,
          r.health() == null ? "-" : r.health(), r.ports().isEmpty() ? "-" : String.join(",", r.ports()), uptime(r.uptime()), r.restarts(),
          r.cpuPercent() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", r.cpuPercent()), bytes(r.memoryBytes())));
      if (r.healthDetail() != null) sb.append("    ").append(r.healthDetail()).append('\n');
    }
    return sb.toString().stripTrailing();
  }

  static String uptime(Duration d) {
    if (d == null) return "-";
    long s = d.toSeconds();
    if (s < 60) return s + "s";
    if (s < 3600) return s / 60 + "m" + (s % 60) + "s";
    if (s < 86400) return s / 3600 + "h" + (s % 3600) / 60 + "m";
    return s / 86400 + "d" + (s % 86400) / 3600 + "h";
  }

  static String bytes(Long b) {
    if (b == null) return "-";
    if (b < 1024 * 1024) return (b / 1024) + "KiB";
    return String.format(Locale.ROOT, "%.1fMiB", b / 1048576.0);
  }

  static String json(String project, List<Operations.Row> rows) {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = m.createObjectNode();
    root.put("project", project);
    ArrayNode a = root.putArray("services");
    for (Operations.Row r : rows) {
      ObjectNode o = a.addObject();
      o.put("service", r.service());
      o.put("phase", r.phase());
      if (r.instance() != null) o.put("instance", r.instance());
      o.put("state", r.state());
      if (r.health() != null) o.put("health", r.health());
      if (r.healthDetail() != null) o.put("healthDetail", r.healthDetail());
      ArrayNode p = o.putArray("ports");
      r.ports().forEach(p::add);
      if (r.uptime() != null) o.put("uptimeSeconds", r.uptime().toSeconds());
      o.put("restarts", r.restarts());
      if (r.cpuPercent() != null) o.put("cpuPercent", Math.round(r.cpuPercent() * 10) / 10.0);
      if (r.memoryBytes() != null) o.put("memoryBytes", r.memoryBytes());
      if (r.exitCode() != null) o.put("exitCode", r.exitCode());
    }
    try {
      return m.writeValueAsString(root);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
