package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.SourceFacts;
import dev.flotilla.load.source.Knowledge;
import dev.flotilla.model.Category;
import dev.flotilla.model.Manifest;
import dev.flotilla.model.Requirement;
import dev.flotilla.model.ServiceSources;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.List;

@RuleInfo(
    code = "BLD005",
    severity = Severity.HIGH,
    category = Category.BUILD,
    title = "Dependency needs a compiler the base image does not have",
    explanation = "Some packages (psutil, mysqlclient, psycopg2, … on slim images; many more on Alpine, whose musl "
        + "libc matches no manylinux wheel) build C code during `pip install`. Slim and Alpine images carry no gcc, "
        + "so the build stops with \"error: command 'gcc' failed\". Which packages and which images is a data table, "
        + "flotilla/compiled-packages.txt.",
    example = "FROM python:3.12-slim\nRUN pip install -r requirements.txt   # requirements.txt: psutil==5.9.8",
    fix = "Install the build tools first (`apt-get install -y --no-install-recommends gcc python3-dev`, or "
        + "`apk add build-base`), in a builder stage if you want a small final image; or pick a binary variant "
        + "(psycopg2-binary).")
public final class CompilerNeeded implements Rule {

  @Override
  public boolean readsSources() {
    return true;
  }

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (ServiceSources src : SourceFacts.of(stack).values()) {
      if (src.buildTools() || src.baseImage() == null) continue;
      for (Manifest m : src.manifests()) {
        for (Requirement r : m.requirements()) {
          if (r.source() != null) continue;
          Knowledge.compiled(m.ecosystem(), m.ecosystem().equals("node") ? r.name() : r.key()).ifPresent(c -> {
            boolean lacks = c.imagePatterns().stream().anyMatch(p -> Knowledge.imageMatches(src.baseImage(), p));
            if (!lacks) return;
            out.add(finding(src.service(), "'" + r.name() + "' compiles code during install, and " + src.baseImage()
                    + " has no compiler (needs " + c.needs() + "); nothing in the build installs one", r.location())
                .remedy("install " + c.needs() + " before installing requirements, or use a base image with a compiler")
                .build());
          });
        }
      }
    }
    return out;
  }
}
