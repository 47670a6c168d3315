package dev.flotilla.track;

import dev.flotilla.model.Category;
import dev.flotilla.model.Severity;
import java.time.Instant;

/**
 * One row of {@code deployment_errors}: a group of identical errors (same fingerprint) with its
 * latest details, counts and resolution state. {@code timestamp} is when it was last recorded (the
 * seed's column); {@code regressions} counts how often it came back after being resolved.
 */
public record TrackedError(
    long id,
    String project,
    Instant timestamp,
    String service,
    String environment,
    String stage,
    String code,
    Severity severity,
    Category category,
    String message,
    String stackTrace,
    String userImpact,
    String businessImpact,
    String cause,
    String fix,
    String fingerprint,
    long occurrences,
    Instant firstSeen,
    Instant lastSeen,
    ErrorStatus status,
    int regressions,
    String resolutionNotes,
    Instant resolvedAt,
    String resolvedBy) {}
