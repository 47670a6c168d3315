package dev.flotilla.watch;

import java.util.List;

/**
 * One alert: the root trigger and the services that fail behind it (their own triggers are folded
 * into this alert instead of raising one each).
 */
public record Alert(Trigger root, List<String> affected) {
  public Alert {
    affected = List.copyOf(affected);
  }

  public String service() {
    return root.service();
  }
}
