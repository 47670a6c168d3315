package dev.flotilla.cli;

import dev.flotilla.deploy.Operations;
import dev.flotilla.model.Stack;
import dev.flotilla.runtime.Instance;
import dev.flotilla.runtime.Runtime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flotilla logs [SERVICE…] [-f] [--tail N]}. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = {"Print the services' logs (all when none is named), each line prefixed with its service."},
    footer = {"", "Exit codes: 0 printed; 2 invalid input; 3 the engine is unreachable. See docs/cli/logs.md."})
public class LogsCommand implements Callable<Integer> {
  @ParentCommand FlotillaCommand parent;
  // -f means --follow here, as in docker compose logs: the compose file is --file only
  @Option(names = "--file", paramLabel = "FILE", description = "Compose file (repeatable).")
  List<java.nio.file.Path> files = new ArrayList<>();

  @Option(names = "--project-directory", paramLabel = "DIR", description = "Project directory.")
  java.nio.file.Path projectDirectory;

  @Option(names = {"-p", "--project-name"}, paramLabel = "NAME", description = "Project name.")
  String projectName;

  @picocli.CommandLine.Parameters(arity = "0..*", paramLabel = "PATH|SERVICE", description = "A project directory or compose file, then service names.")
  List<String> positionals = new ArrayList<>();

  @Mixin RuntimeOption runtimeOption;
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until Ctrl-C.")
  boolean follow;

  @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Only the last N lines of each service (default: all).")
  int tail = -1;

  @Override
  public Integer call() {
    Console console = parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    ProjectOptions project = new ProjectOptions();
    project.files = new ArrayList<>(files);
    project.projectDirectory = projectDirectory;
    project.projectName = projectName;
    project.positionals = new ArrayList<>(positionals);
    Stack stack = runtimeOption.load(project.toLoadOptionsWithServices());
    var selected = ServiceNames.selected(stack, project.services());
    try (Runtime runtime = runtimeOption.open(stack)) {
      runtime.ping();
      Map<String, Instance> inst = new Operations(runtime, null).forLogs(stack, selected);
      int width = inst.keySet().stream().mapToInt(String::length).max().orElse(0);
      if (inst.isEmpty()) {
        console.info("no instances of " + (selected.isEmpty() ? stack.name() : String.join(", ", selected)) + " (deploy with flotilla up)");
        return ExitCode.OK;
      }
      if (!follow) {
        inst.forEach((s, i) -> runtime.logs(i, tail).forEach(l -> console.result(pad(s, width) + " | " + l)));
        return ExitCode.OK;
      }
      AtomicBoolean stop = new AtomicBoolean();
      java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.set(true)));
      List<Thread> threads = new ArrayList<>();
      inst.forEach((s, i) -> {
        Thread t = new Thread(() -> runtime.follow(i, tail, l -> {
          synchronized (console) {
            console.result(pad(s, width) + " | " + l);
          }
        }, stop::get), "logs-" + s);
        t.setDaemon(true);
        t.start();
        threads.add(t);
      });
      for (Thread t : threads) {
        try {
          t.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return ExitCode.OK;
    }
  }

  private static String pad(String s, int w) {
    return String.format("%-" + Math.max(1, w) + "s", s);
  }
}
