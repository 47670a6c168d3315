package dev.flotilla.model;

import java.util.List;

/**
 * One build stage: {@code FROM baseImage [AS name]} and the instructions up to the next FROM.
 * {@code baseImage} has build args substituted where their defaults are known.
 */
public record Stage(int index, String name, String baseImage, Instruction from, List<Instruction> instructions) {

  public List<Instruction> all(String keyword) {
    return instructions.stream().filter(i -> i.is(keyword)).toList();
  }
}
