package dev.flotilla.check.facts;

import dev.flotilla.check.TextEdit;
import dev.flotilla.model.PortBinding;
import dev.flotilla.model.PortRange;
import dev.flotilla.model.Service;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Host-port reassignment under the project's {@code x-flotilla.ports.range} policy, computed once
 * for the whole stack so that every fix (PRT001 conflicts, PRT003 out-of-range ports) picks a
 * different free port: bindings in file order; a binding keeps its port when it is inside the range
 * and not already taken; otherwise it gets the lowest free port of the range.
 */
public final class PortPlan {
  private PortPlan() {}

  /** The new host port for each binding that needs one (identity map); empty without a range. */
  public static Map<PortBinding, Integer> reassignments(Stack stack) {
    Map<PortBinding, Integer> out = new IdentityHashMap<>();
    PortRange range = stack.settings() == null ? null : stack.settings().portRange();
    if (range == null) return out;
    Set<String> taken = new LinkedHashSet<>();
    List<PortBinding> needs = new ArrayList<>();
    for (Service s : stack.services().values()) {
      for (PortBinding b : s.ports()) {
        if (b.published() == null) continue;
        String key = b.protocol() + "/" + b.published();
        if (range.contains(b.published()) && !taken.contains(key)) taken.add(key);
        else needs.add(b);
      }
    }
    // ports outside the range stay taken too: never hand out a port something already uses
    for (Service s : stack.services().values()) for (PortBinding b : s.ports()) if (b.published() != null) taken.add(b.protocol() + "/" + b.published());
    int next = range.from();
    for (PortBinding b : needs) {
      while (next <= range.to() && taken.contains(b.protocol() + "/" + next)) next++;
      if (next > range.to()) break;
      out.put(b, next);
      taken.add(b.protocol() + "/" + next);
      next++;
    }
    return out;
  }

  /** The text edit that changes a binding's published port, keeping the rest of the entry as written. */
  public static Optional<TextEdit> edit(PortBinding b, int newPort) {
    if (b.published() == null) return Optional.empty();
    String old = String.valueOf(b.published());
    // short syntax: "[ip:]PUBLISHED:TARGET[/proto]" (not part of a range); long syntax: published: PUBLISHED
    Pattern shortForm = Pattern.compile("(?<![\\d.-])(" + old + ")(?=:\\d)(?!\\d*-)");
    Pattern longForm = Pattern.compile("published:\\s*[\"']?(" + old + ")\\b");
    Optional<TextEdit> e = ComposeText.replaceNear(b.location(), 0, longForm, String.valueOf(newPort));
    if (e.isEmpty()) e = ComposeText.replaceNear(b.location(), 0, shortForm, String.valueOf(newPort));
    if (e.isEmpty()) e = ComposeText.replaceNear(b.location(), 5, longForm, String.valueOf(newPort));
    return e;
  }
}
