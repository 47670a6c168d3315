package dev.flotilla.runtime;

import dev.flotilla.model.EnvVar;
import dev.flotilla.model.Service;
import dev.flotilla.model.Stack;
import java.util.LinkedHashMap;
import java.util.Map;

/** A service's environment as its instance gets it: values given, or passed through from the shell/.env. */
public final class ServiceEnv {
  private ServiceEnv() {}

  public static Map<String, String> resolve(Stack stack, Service s) {
    Map<String, String> out = new LinkedHashMap<>();
    for (EnvVar v : s.environment().values()) {
      String value = v.value();
      if (value == null) value = stack.variables() == null ? null : stack.variables().get(v.name());
      if (value == null) value = System.getenv(v.name());
      if (value != null) out.put(v.name(), value);
    }
    return out;
  }
}
