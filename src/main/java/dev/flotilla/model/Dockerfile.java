package dev.flotilla.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A parsed Dockerfile: directives, every instruction in order, and its build stages. */
public record Dockerfile(Path file, Map<String, String> directives, List<Instruction> instructions, List<Stage> stages) {

  /** The stage a build without {@code target} produces: the last one. */
  public Optional<Stage> finalStage() {
    return stages.isEmpty() ? Optional.empty() : Optional.of(stages.get(stages.size() - 1));
  }

  public Optional<Stage> stage(String nameOrIndex) {
    for (Stage s : stages) {
      if (nameOrIndex.equalsIgnoreCase(s.name()) || nameOrIndex.equals(String.valueOf(s.index()))) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The stage a build with {@code target} (or without, when null) produces. */
  public Optional<Stage> stageFor(String target) {
    return target == null || target.isEmpty() ? finalStage() : stage(target);
  }

  /** {@code ARG}s declared before the first {@code FROM} (usable in FROM lines). */
  public List<Instruction> globalArgs() {
    return instructions.stream()
        .takeWhile(i -> !i.keyword().equals("FROM"))
        .filter(i -> i.keyword().equals("ARG"))
        .toList();
  }
}
