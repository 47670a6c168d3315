package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.BuildInputs;
import dev.flotilla.check.facts.ProjectText;
import dev.flotilla.model.Build;
import dev.flotilla.model.Category;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import dev.flotilla.model.Stage;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

@RuleInfo(
    code = "BLD003",
    severity = Severity.CRITICAL,
    category = Category.BUILD,
    title = "build.context, dockerfile or target that does not exist",
    explanation = "docker compose build stops at once when the build context directory is missing, the "
        + "Dockerfile is not where build.dockerfile says (it is resolved relative to the context, not to the "
        + "compose file), or build.target names a stage the Dockerfile does not define.",
    example = "services:\n  api:\n    build:\n      context: ./services/api\n      dockerfile: docker/Dockerfile.prod\n      target: runtime",
    fix = "Point build.context at an existing directory, build.dockerfile at the Dockerfile relative to that "
        + "context, and build.target at a stage named in a FROM … AS <name> line.")
public final class Bld003BuildPathMissing implements Rule {

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      Build b = s.build();
      if (b == null || BuildInputs.remoteContext(b)) continue;
      if (b.context() == null || !Files.isDirectory(b.context())) {
        SourceLocation at = ProjectText.findInMap(b.location(), "context").orElse(b.location());
        out.add(finding(s.name(), "build context '" + b.contextRaw() + "' of service " + s.name() + " does not exist", at)
            .remedy("create the directory or correct build.context (it is relative to the compose file)")
            .build());
        continue;
      }
      if (b.dockerfileInline() == null && (b.dockerfile() == null || !Files.isRegularFile(b.dockerfile()))) {
        SourceLocation at = ProjectText.findInMap(b.location(), "dockerfile").orElse(b.location());
        String name = b.dockerfileRaw() == null ? "Dockerfile" : b.dockerfileRaw();
        out.add(finding(s.name(), "Dockerfile '" + name + "' of service " + s.name() + " does not exist in context " + b.contextRaw(), at)
            .remedy("build.dockerfile is resolved relative to the build context: expected " + b.dockerfile())
            .build());
        continue;
      }
      if (b.target() != null && b.target().value() != null && b.parsed() != null
          && b.parsed().stage(b.target().value()).isEmpty()) {
        String stages = b.parsed().stages().stream().map(Stage::name).filter(n -> n != null).collect(Collectors.joining(", "));
        out.add(finding(s.name(), "build target '" + b.target().value() + "' is not a stage of " + b.dockerfile().getFileName(),
                b.target().location())
            .related(b.parsed().stages().isEmpty() ? null : b.parsed().stages().get(0).from().location(), "stages: " + (stages.isEmpty() ? "none named" : stages))
            .remedy(stages.isEmpty() ? "name a stage with FROM … AS " + b.target().value() : "use one of: " + stages)
            .build());
      }
    }
    return out;
  }
}
