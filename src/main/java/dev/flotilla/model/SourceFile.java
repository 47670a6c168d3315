package dev.flotilla.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One source file as the image holds it: its file on the host, its path inside the image, its
 * language, and what a scan found in it. {@code traits} are facts the readiness score reads
 * ({@code reads-env}, {@code structured-logging}, {@code metrics}, {@code error-handler}, …).
 */
public record SourceFile(
    Path file,
    String imagePath,
    String language,
    List<ImportRef> imports,
    List<Route> routes,
    List<RouteMount> mounts,
    List<HttpCall> calls,
    List<BindAddress> binds,
    List<NameProblem> nameProblems,
    Set<String> traits) {}
