package dev.flotilla.check.facts;

import dev.flotilla.model.Healthcheck;
import dev.flotilla.model.Instruction;
import dev.flotilla.model.Service;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The healthcheck a service's container will run: the compose {@code healthcheck} when given,
 * else the {@code HEALTHCHECK} of the Dockerfile stage it is built from. {@code test} is in
 * Docker's normalized form ({@code CMD …}, {@code CMD-SHELL script}, {@code NONE}).
 */
public record EffectiveHealthcheck(
    List<String> test,
    Duration interval,
    Duration timeout,
    Integer retries,
    Duration startPeriod,
    Duration startInterval,
    boolean disabled,
    boolean fromDockerfile,
    SourceLocation location) {

  /** Where a service's healthcheck comes from, or empty when it has none anywhere we can see. */
  public static Optional<EffectiveHealthcheck> of(Service s) {
    Healthcheck h = s.healthcheck();
    if (h != null) {
      boolean off = h.disabled() || (!h.test().isEmpty() && "NONE".equals(h.test().get(0)));
      if (!off && h.test().isEmpty()) {
        // compose may override only the timing: the test comes from the image
        Optional<EffectiveHealthcheck> image = fromDockerfile(s);
        if (image.isPresent()) {
          EffectiveHealthcheck i = image.get();
          return Optional.of(new EffectiveHealthcheck(i.test(), or(h.interval(), i.interval()), or(h.timeout(), i.timeout()),
              h.retries() != null ? h.retries() : i.retries(), or(h.startPeriod(), i.startPeriod()),
              or(h.startInterval(), i.startInterval()), false, true, i.location()));
        }
      }
      return Optional.of(new EffectiveHealthcheck(h.test(), h.interval(), h.timeout(), h.retries(), h.startPeriod(),
          h.startInterval(), off, false, h.location()));
    }
    return fromDockerfile(s);
  }

  private static Duration or(Duration a, Duration b) {
    return a != null ? a : b;
  }

  /** The HEALTHCHECK instruction of the stage a service is built from (the last one wins). */
  public static Optional<EffectiveHealthcheck> fromDockerfile(Service s) {
    Optional<Stage> stage = s.buildStage();
    if (stage.isEmpty()) return Optional.empty();
    List<Instruction> hcs = stage.get().all("HEALTHCHECK");
    if (hcs.isEmpty()) return Optional.empty();
    return Optional.of(parse(hcs.get(hcs.size() - 1)));
  }

  static EffectiveHealthcheck parse(Instruction i) {
    List<String> args = i.args();
    List<String> test = new ArrayList<>();
    boolean none = !args.isEmpty() && args.get(0).equalsIgnoreCase("NONE");
    if (none) {
      test.add("NONE");
    } else if (!args.isEmpty() && args.get(0).equalsIgnoreCase("CMD")) {
      if (i.jsonForm()) {
        test.add("CMD");
        test.addAll(args.subList(1, args.size()));
      } else {
        String raw = i.raw() == null ? "" : i.raw();
        int k = raw.toUpperCase(Locale.ROOT).indexOf("CMD");
        test.add("CMD-SHELL");
        test.add(k < 0 ? String.join(" ", args.subList(1, args.size())) : raw.substring(k + 3).strip());
      }
    }
    return new EffectiveHealthcheck(test, duration(i.flags().get("interval")), duration(i.flags().get("timeout")),
        i.flags().get("retries") == null ? null : parseInt(i.flags().get("retries")), duration(i.flags().get("start-period")),
        duration(i.flags().get("start-interval")), none, true, i.location());
  }

  private static Integer parseInt(String s) {
    try {
      return Integer.valueOf(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Docker durations: {@code 1m30s}, {@code 500ms}, {@code 10s}. */
  public static Duration duration(String text) {
    if (text == null || text.isBlank()) return null;
    try {
      return dev.flotilla.load.ShortSyntax.duration(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public boolean isShellForm() {
    return !test.isEmpty() && "CMD-SHELL".equals(test.get(0));
  }

  public boolean isExecForm() {
    return !test.isEmpty() && "CMD".equals(test.get(0));
  }

  public boolean runs() {
    return !disabled && !test.isEmpty() && !"NONE".equals(test.get(0));
  }

  /** The words after CMD / CMD-SHELL. */
  public List<String> command() {
    return runs() ? test.subList(1, test.size()) : List.of();
  }

  /** The programs the check runs (for CMD-SHELL: the shell, then the script's commands). */
  public List<String> programs() {
    if (!runs()) return List.of();
    List<String> out = new ArrayList<>();
    if (isShellForm()) {
      out.add("sh");
      out.addAll(ShellScript.commands(String.join(" ", command())));
    } else if (!command().isEmpty()) {
      String first = command().get(0);
      String base = first.substring(first.lastIndexOf('/') + 1);
      out.add(base);
      if ((base.equals("sh") || base.equals("bash")) && command().size() >= 3 && command().get(1).equals("-c")) {
        out.addAll(ShellScript.commands(command().get(2)));
      }
    }
    return out;
  }

  public Duration intervalOrDefault() {
    return interval == null ? Healthcheck.DEFAULT_INTERVAL : interval;
  }

  public Duration timeoutOrDefault() {
    return timeout == null ? Healthcheck.DEFAULT_TIMEOUT : timeout;
  }

  public int retriesOrDefault() {
    return retries == null ? Healthcheck.DEFAULT_RETRIES : retries;
  }
}
