package dev.flotilla.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A dependency manifest: {@code requirements*.txt} (with its {@code -r} includes folded in),
 * {@code pyproject.toml}, {@code setup.cfg}, {@code Pipfile}, {@code package.json}, or the
 * packages of an inline {@code RUN pip install …} ({@code kind} "pip-install", {@code file} the
 * Dockerfile). {@code scripts} and {@code executables} come from package.json {@code scripts}/
 * {@code bin} and pyproject {@code [project.scripts]}.
 */
public record Manifest(
    Path file,
    String kind,
    String ecosystem,
    List<Requirement> requirements,
    List<ManifestProblem> problems,
    List<Path> includes,
    Map<String, String> scripts,
    Map<String, String> executables) {}
