package dev.flotilla.track;

import java.time.Instant;

/** One occurrence of a tracked error: when, in which deployment and environment, with its evidence. */
public record ErrorOccurrence(long id, long errorId, Long deploymentId, Instant at, String environment, String evidence) {}
