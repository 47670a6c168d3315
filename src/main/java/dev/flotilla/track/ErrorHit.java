package dev.flotilla.track;

import java.time.Instant;

/** A deployment a tracked error hit, and how often in it. */
public record ErrorHit(long errorId, long deploymentId, long occurrences, Instant firstSeen, Instant lastSeen) {}
