package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.EffectiveHealthcheck;
import dev.flotilla.check.facts.ImageFacts;
import dev.flotilla.check.facts.ImageFacts.Confidence;
import dev.flotilla.model.Category;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@RuleInfo(
    code = "HLT001",
    severity = Severity.HIGH,
    category = Category.CONFIGURATION,
    title = "healthcheck runs a tool the image does not have",
    explanation = "A healthcheck that calls curl in python:3.12-slim (or wget in a distroless image, or any "
        + "CMD-SHELL check in an image without /bin/sh) fails with 'executable file not found' on every probe. "
        + "The service itself runs fine, but it never becomes healthy, so everything that waits for "
        + "service_healthy never starts and the deploy times out. Flotilla knows what well-known base images "
        + "contain and what the Dockerfile installs; when it is only fairly sure, the finding is MEDIUM, and "
        + "when it guesses, LOW.",
    example = "# Dockerfile: FROM python:3.12-slim (no curl)\nservices:\n  api:\n    build: .\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8000/health\"]",
    fix = "Use a tool the image has (python -c with urllib, wget on alpine/busybox, node -e on node images), or "
        + "install the tool in the Dockerfile (RUN apt-get update && apt-get install -y --no-install-recommends curl). "
        + "flotilla check --fix rewrites a simple HTTP probe to a tool the image has.",
    fixable = true)
public final class Hlt001HealthcheckToolMissing implements Rule {

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    ImageFacts facts = ImageFacts.get();
    for (Service s : stack.services().values()) {
      Optional<EffectiveHealthcheck> hc = EffectiveHealthcheck.of(s);
      if (hc.isEmpty() || !hc.get().runs()) continue;
      Optional<ImageFacts.Tools> tools = facts.tools(s);
      if (tools.isEmpty()) continue;
      ImageFacts.Tools t = tools.get();
      for (String program : hc.get().programs()) {
        String tool = ImageFacts.normalizeTool(program);
        if (!t.surelyLacks(tool)) continue;
        Severity sev = switch (t.confidence()) {
          case CERTAIN -> Severity.HIGH;
          case LIKELY -> Severity.MEDIUM;
          case GUESS -> Severity.LOW;
        };
        String what = tool.equals("sh") && hc.get().isShellForm()
            ? "healthcheck uses CMD-SHELL, but image " + t.image() + " has no /bin/sh"
            : "healthcheck runs " + tool + ", which image " + t.image() + " does not have";
        String certainty = t.confidence() == Confidence.CERTAIN ? "" : " (" + t.confidence().name().toLowerCase() + ")";
        Finding.Builder b = finding(s.name(), what + certainty + ": every probe fails and the service never becomes healthy",
                hc.get().location())
            .severity(sev)
            .related(t.from(), "image " + t.image() + " (" + t.family() + ")");
        HealthcheckToolFix.forService(s, hc.get(), t).ifPresentOrElse(
            f -> b.fix(f).remedy(f.description()),
            () -> b.remedy(installHint(t, tool)));
        out.add(b.build());
        break;
      }
    }
    return out;
  }

  private static String installHint(ImageFacts.Tools t, String tool) {
    String pm = t.profile() == null ? null : t.profile().packageManager();
    if ("apt".equals(pm)) return "use a tool the image has, or install it: RUN apt-get update && apt-get install -y --no-install-recommends " + tool;
    if ("apk".equals(pm)) return "use a tool the image has, or install it: RUN apk add --no-cache " + tool;
    return "use a tool the image has (its family is " + t.family() + ")";
  }
}
