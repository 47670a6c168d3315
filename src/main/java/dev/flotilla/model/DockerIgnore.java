package dev.flotilla.model;

import java.nio.file.Path;
import java.util.List;

/** A parsed {@code .dockerignore}: its patterns in order, with exceptions marked. */
public record DockerIgnore(Path file, List<Pattern> patterns) {

  /** One line: {@code glob} is cleaned (no leading '/', no trailing '/'), {@code exclusion} for '!'. */
  public record Pattern(String glob, boolean exclusion, int line) {}
}
