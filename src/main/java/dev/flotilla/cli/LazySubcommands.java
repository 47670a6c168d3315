package dev.flotilla.cli;

import java.lang.reflect.Field;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;

/**
 * The command line of {@link FlotillaCommand} with only the subcommand the arguments name built in
 * full. Picocli otherwise reflects over every registered subcommand (their options, mixins,
 * converters, nested commands) at start-up: about a quarter of a second of a one-shot command,
 * before it does anything. The other subcommands are stand-ins carrying what the top-level help
 * lists and what parsing needs to recognise them (name, aliases, header, description, hidden).
 * {@code generate-completion} and {@code @argument-files} (which may name any command) get every
 * subcommand in full.
 *
 * <p>The root is assembled here from {@link FlotillaCommand}'s annotation rather than by picocli,
 * because picocli builds every subcommand its annotation lists. The root's own options are all
 * flags ({@code LazySubcommandsTest} keeps them so), so the first argument not starting with
 * {@code -} is the subcommand, exactly as picocli reads it.
 */
final class LazySubcommands {
  private LazySubcommands() {}

  static CommandLine commandLine(String[] args) {
    Class<?> chosen = chosen(args);
    // a command that reads a project starts the load's fixed work now, beside building the command
    if (chosen != null && chosen != None.class && loadsProject(chosen)) dev.flotilla.load.Loader.warmUp();
    if (chosen == null) return new CommandLine(new FlotillaCommand());
    Command annotation = FlotillaCommand.class.getAnnotation(Command.class);
    FlotillaCommand root = new FlotillaCommand();
    CommandSpec spec = CommandSpec.wrapWithoutInspection(root);
    spec.name(annotation.name());
    // in picocli's order: the annotated mixin's options, then the standard help options
    root.global = new GlobalOptions();
    spec.addMixin("global", CommandSpec.forAnnotatedObject(root.global));
    spec.mixinStandardHelpOptions(annotation.mixinStandardHelpOptions());
    spec.versionProvider(new FlotillaCommand.Version());
    spec.usageMessage().header(annotation.header()).description(annotation.description()).footer(annotation.footer());
    root.spec = spec;
    CommandLine cl = new CommandLine(spec);
    for (Class<?> sub : annotation.subcommands()) {
      Command c = sub.getAnnotation(Command.class);
      if (sub == chosen) {
        CommandLine full = new CommandLine(sub);
        cl.addSubcommand(c.name(), full);
        injectParent(full.getCommand(), root);
      } else {
        CommandSpec standIn = CommandSpec.create().name(c.name()).aliases(c.aliases());
        standIn.usageMessage().header(c.header()).description(c.description()).hidden(c.hidden());
        cl.addSubcommand(c.name(), new CommandLine(standIn));
      }
    }
    return cl;
  }

  /**
   * The subcommand class the arguments name; null when every one must be built (completion,
   * argument files). A Void-like marker class stands for "none named": help, version, typos.
   */
  static Class<?> chosen(String[] args) {
    for (String a : args) {
      if (a.startsWith("@")) return null;
      if (a.startsWith("-")) continue;
      for (Class<?> sub : FlotillaCommand.class.getAnnotation(Command.class).subcommands()) {
        Command c = sub.getAnnotation(Command.class);
        if (c.name().equals(a) || List.of(c.aliases()).contains(a)) return sub == AutoComplete.GenerateCompletion.class ? null : sub;
      }
      break;
    }
    return None.class;
  }

  /** Whether the command reads a compose project: it has the project options. */
  static boolean loadsProject(Class<?> command) {
    for (Field f : command.getDeclaredFields()) {
      if (f.getType() == ProjectOptions.class || f.getType() == ProjectSelection.class) return true;
    }
    return false;
  }

  /** Stands for "no subcommand named". */
  private static final class None {}

  private static void injectParent(Object command, Object parent) {
    for (Class<?> c = command.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (f.isAnnotationPresent(ParentCommand.class) && f.getType().isInstance(parent)) {
          try {
            f.setAccessible(true);
            f.set(command, parent);
          } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set @ParentCommand " + f, e);
          }
        }
      }
    }
  }
}
