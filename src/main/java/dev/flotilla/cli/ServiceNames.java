package dev.flotilla.cli;

import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Service names given on the command line, checked against the project. */
final class ServiceNames {
  private ServiceNames() {}

  static Set<String> selected(Stack stack, List<String> names) {
    Set<String> out = new LinkedHashSet<>();
    for (String n : names) {
      if (!stack.services().containsKey(n)) {
        throw UserError.input("no service '" + n + "' in project " + stack.name() + " (services: "
            + String.join(", ", stack.services().keySet()) + ")");
      }
      out.add(n);
    }
    return out;
  }
}
