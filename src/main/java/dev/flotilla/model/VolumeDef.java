package dev.flotilla.model;

/** A top-level {@code volumes} entry. */
public record VolumeDef(String name, String driver, boolean external, SourceLocation location) {}
