package dev.flotilla.model;

import java.nio.file.Path;
import java.util.Map;

/**
 * A service's {@code build}. {@code context} is absolute; {@code dockerfile} is the resolved
 * Dockerfile path (null with {@code dockerfile_inline}). {@code parsed} is the parsed Dockerfile,
 * null when it could not be read; {@code ignore} the context's {@code .dockerignore}, null when
 * there is none.
 */
public record Build(
    String contextRaw,
    Path context,
    String dockerfileRaw,
    Path dockerfile,
    String dockerfileInline,
    Map<String, Located<String>> args,
    Located<String> target,
    SourceLocation location,
    Dockerfile parsed,
    DockerIgnore ignore) {}
