package dev.flotilla.model;

import java.util.List;

/**
 * One dependency a manifest declares. {@code name} as written, {@code key} normalized (PEP 503:
 * lower case, runs of {@code -_.} as {@code -}; npm names as written); {@code spec} the version
 * specifier; {@code source} a URL or path when the dependency is not from the index
 * ({@code -e ../shared}, {@code file:///…}, {@code git+https://…}).
 */
public record Requirement(
    String name,
    String key,
    List<String> extras,
    String spec,
    String marker,
    String source,
    boolean editable,
    boolean dev,
    SourceLocation location) {}
