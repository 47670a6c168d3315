package dev.flotilla.model;

import java.nio.file.Path;

/** An {@code env_file} entry: resolved path, whether it must exist, and where it was written. */
public record EnvFile(String raw, Path path, boolean required, SourceLocation location) {}
