package dev.flotilla.model;

/** A top-level {@code networks} entry. */
public record NetworkDef(String name, String driver, boolean external, SourceLocation location) {}
