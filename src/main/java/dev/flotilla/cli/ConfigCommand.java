package dev.flotilla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flotilla.load.ComposeWriter;
import dev.flotilla.load.Loader;
import dev.flotilla.load.StackConsistency;
import dev.flotilla.model.LoadWarning;
import dev.flotilla.model.Service;
import dev.flotilla.model.Stack;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code flotilla config}: the resolved project, like {@code docker compose config}. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Print the resolved project (interpolated, merged, extended, normalized) in the compose",
      "specification's long form, like 'docker compose config'."
    },
    footer = {"", "Exit codes: 0 printed; 2 invalid input (the error names file:line). See docs/cli/config.md."})
public class ConfigCommand implements Callable<Integer> {
  enum Format {
    yaml,
    json
  }

  @ParentCommand FlotillaCommand parent;
  @Mixin ProjectOptions project;
  @Spec CommandSpec spec;

  @Option(names = "--format", paramLabel = "FORMAT", description = "Output format: yaml or json (default: yaml).")
  Format format = Format.yaml;

  @Option(names = "--services", description = "Print the service names, one per line.")
  boolean services;

  @Option(names = "--profiles", description = "Print the profile names, one per line.")
  boolean profiles;

  @Option(names = "--variables", description = "Print the variables the project uses, with their defaults.")
  boolean variables;

  @Override
  public Integer call() {
    Console console = parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    Loader.Result result = Loader.loadWithVariables(project.toLoadOptions());
    Stack stack = result.stack();
    java.nio.file.Path cwd = java.nio.file.Path.of("").toAbsolutePath();
    // what StackConsistency refuses below is an error, not also a warning
    java.util.Set<String> refused = new java.util.HashSet<>();
    boolean printsProject = !services && !profiles && !variables;
    if (printsProject) for (var p : StackConsistency.problems(stack)) refused.add(p.location() + p.getMessage());
    for (LoadWarning w : stack.warnings()) {
      if (!refused.contains(w.location() + w.message())) console.warn(w.location().display(cwd) + ": " + w.message());
    }
    if (services) {
      for (Service s : stack.activeServices()) console.result(s.name());
      return ExitCode.OK;
    }
    if (profiles) {
      TreeSet<String> names = new TreeSet<>();
      for (Service s : stack.services().values()) names.addAll(s.profiles());
      for (String n : names) console.result(n);
      return ExitCode.OK;
    }
    if (variables) {
      Map<String, Loader.VariableUse> byName = new LinkedHashMap<>();
      for (Loader.VariableUse u : result.variables()) byName.merge(u.name(), u, (a, b) -> new Loader.VariableUse(
          a.name(), a.required() || b.required(), a.defaultValue() != null ? a.defaultValue() : b.defaultValue(),
          a.alternateValue() != null ? a.alternateValue() : b.alternateValue()));
      if (format == Format.json) {
        console.result(json(byName));
        return ExitCode.OK;
      }
      StringBuilder sb = new StringBuilder(String.format("%-30s %-9s %-20s %s%n", "NAME", "REQUIRED", "DEFAULT VALUE", "ALTERNATE VALUE"));
      for (Loader.VariableUse u : new java.util.TreeMap<>(byName).values()) {
        sb.append(String.format("%-30s %-9s %-20s %s%n", u.name(), u.required(), u.defaultValue() == null ? "" : u.defaultValue(), u.alternateValue() == null ? "" : u.alternateValue()));
      }
      console.result(sb.toString().stripTrailing());
      return ExitCode.OK;
    }
    StackConsistency.require(stack);
    Map<String, Object> doc = ComposeWriter.project(stack);
    console.result(format == Format.json ? json(doc) : yaml(doc));
    return ExitCode.OK;
  }

  static String json(Object doc) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String yaml(Object doc) {
    DumpSettings s = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2).setIndicatorIndent(2).setIndentWithIndicator(true).build();
    return new Dump(s).dumpToString(doc).stripTrailing();
  }
}
