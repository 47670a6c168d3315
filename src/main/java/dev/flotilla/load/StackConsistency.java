package dev.flotilla.load;

import dev.flotilla.model.Dependency;
import dev.flotilla.model.EnvFile;
import dev.flotilla.model.Service;
import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import dev.flotilla.model.VolumeMount;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * What Docker Compose refuses before it starts anything, kept out of {@link Loader#load} so that
 * {@code flotilla check} can load every profile and report these as findings instead: a
 * required {@code env_file} that does not exist, a dependency on an undefined service or on one whose profile is not enabled, an undefined
 * network or named volume.
 */
public final class StackConsistency {
  private StackConsistency() {}

  /** Every problem, in file order; empty when the active services can be deployed. */
  public static List<UserError> problems(Stack stack) {
    List<UserError> out = new ArrayList<>();
    for (Service s : stack.activeServices()) {
      for (EnvFile f : s.envFiles()) {
        if (f.required() && f.path() != null && !Files.isRegularFile(f.path())) out.add(UserError.input(f.location(), ServiceNormalizer.missingEnvFile(f)));
      }
      for (Dependency d : s.dependsOn().values()) {
        Service target = stack.services().get(d.service());
        if (target == null) {
          if (d.required()) {
            out.add(UserError.input(d.location(), "service '" + s.name() + "' depends on undefined service '" + d.service() + "' (define it or remove the dependency)"));
          }
        } else if (!stack.isActive(target) && d.required()) {
          out.add(UserError.input(
              d.location(),
              "service '" + s.name() + "' depends on '" + d.service() + "', which is only in profile(s) " + target.profiles()
                  + " (enable one with --profile, or mark the dependency required: false)"));
        }
      }
      for (String n : s.networks().keySet()) {
        if (!n.equals("default") && !stack.networks().containsKey(n)) {
          out.add(UserError.input(s.networks().get(n).location(), "service '" + s.name() + "' uses undefined network '" + n + "' (declare it under top-level networks)"));
        }
      }
      for (VolumeMount v : s.volumes()) {
        if (v.type() == VolumeMount.Type.VOLUME && v.source() != null && !v.source().isEmpty() && !stack.volumes().containsKey(v.source())) {
          out.add(UserError.input(v.location(), "service '" + s.name() + "' uses undefined volume '" + v.source() + "' (declare it under top-level volumes)"));
        }
      }
    }
    return out;
  }

  /** Throws the first problem, for commands that deploy or print the resolved project. */
  public static void require(Stack stack) {
    List<UserError> p = problems(stack);
    if (!p.isEmpty()) throw p.get(0);
  }
}
