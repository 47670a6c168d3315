package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.Listener;
import dev.flotilla.check.facts.Listening;
import dev.flotilla.check.facts.SourceFacts;
import dev.flotilla.model.BindAddress;
import dev.flotilla.model.Category;
import dev.flotilla.model.EntryPoint;
import dev.flotilla.model.Service;
import dev.flotilla.model.ServiceSources;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceFile;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

@RuleInfo(
    code = "PRT004",
    severity = Severity.HIGH,
    category = Category.NETWORK,
    title = "Process listens on 127.0.0.1 inside its container",
    explanation = "Inside a container, 127.0.0.1 is the container itself. A server bound there (uvicorn's and Flask's "
        + "default, `uvicorn.run(app, host=\"127.0.0.1\")`, `app.listen(3000, 'localhost')`) answers its own "
        + "healthcheck but refuses every connection from published ports and sibling services. With "
        + "`network_mode: host` loopback is the host's, which is why the same code works there.",
    example = "uvicorn.run(app, host=\"127.0.0.1\", port=8007)   # in a container with ports: [\"8007:8007\"]",
    fix = "Bind 0.0.0.0 (`--host 0.0.0.0`, `host=\"0.0.0.0\"`), or read the host from the environment.")
public final class LoopbackBind implements Rule {

  @Override
  public boolean readsSources() {
    return true;
  }

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      String mode = s.networkMode();
      if (mode != null && (mode.equals("host") || mode.equals("none") || mode.startsWith("service:") || mode.startsWith("container:"))) continue;
      Set<String> seen = new HashSet<>();
      ServiceSources src = SourceFacts.of(stack, s);
      if (src != null) {
        for (SourceFile f : src.files()) {
          if (!runsAsMain(src, f)) continue;
          for (BindAddress b : f.binds()) {
            String host = b.host() == null ? b.defaultHost() : UnknownEndpointCall.substitute("http://" + b.host() + "/", s) == null
                ? null : UnknownEndpointCall.substitute("http://" + b.host() + "/", s).replaceAll("^http://|/$", "");
            if (host == null || !loopback(host)) continue;
            if (!seen.add(b.location().file() + ":" + b.location().line())) continue;
            out.add(finding(s.name(), b.library() + " binds " + host + (b.host() == null ? " (its default)" : "")
                    + " inside the container: nothing outside it (published ports, other services) can connect", b.location())
                .remedy("bind 0.0.0.0")
                .build());
          }
        }
      }
      for (Listener l : Listening.of(s).listeners()) {
        if (!l.loopbackOnly() || !l.confidence().allowsHigh() || l.location() == null || !l.location().known()) continue;
        if (!seen.add(l.location().file() + ":" + l.location().line())) continue;
        out.add(finding(s.name(), "'" + l.evidence() + "' listens on " + l.host() + ":" + l.port()
                + " inside the container: nothing outside it (published ports, other services) can connect", l.location())
            .remedy("bind 0.0.0.0 (e.g. --host 0.0.0.0)")
            .build());
      }
    }
    return out;
  }

  /** A bind in source only happens when that file is what the container runs as __main__. */
  private static boolean runsAsMain(ServiceSources src, SourceFile f) {
    EntryPoint e = src.entry();
    if (e.kind() == EntryPoint.Kind.SCRIPT) return f.imagePath().equals(e.target());
    if (e.kind() == EntryPoint.Kind.MODULE && e.target() != null) {
      String file = SourceFacts.fileOf(src, e.target());
      return f.imagePath().equals(file) || (file != null && f.imagePath().equals(file.replace("__init__.py", "__main__.py")));
    }
    return false;
  }

  static boolean loopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
  }
}
