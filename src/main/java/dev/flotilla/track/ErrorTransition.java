package dev.flotilla.track;

import java.time.Instant;

/** A status change of a tracked error: resolved, reopened by hand, or back as a regression. */
public record ErrorTransition(long id, long errorId, Instant at, ErrorStatus from, ErrorStatus to, String actor, String notes) {}
