package dev.flotilla.model;

/**
 * A name that will raise NameError: used but never bound anywhere in the module
 * ({@code UNDEFINED}), or used by code that runs at import time (module level, decorators,
 * default arguments, class bodies) before the module binds it ({@code USED_BEFORE_DEFINITION},
 * {@code definedAt} then says where it is bound).
 */
public record NameProblem(String name, Kind kind, SourceLocation location, SourceLocation definedAt) {
  public enum Kind {
    UNDEFINED,
    USED_BEFORE_DEFINITION
  }
}
