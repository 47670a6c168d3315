package dev.flotilla.track;

/**
 * What recording an error did: {@code created} a new tracked error, or counted one more
 * occurrence of an existing one; {@code regression} when it had been resolved and came back.
 */
public record ErrorRecorded(long errorId, boolean created, boolean regression, long occurrences, ErrorStatus status) {}
