package dev.flotilla.track;

import java.time.Instant;

/** A service's readiness score (0–100) at one scoring; {@code grade} and {@code details} are optional. */
public record ReadinessScore(String service, int score, String grade, String details, Instant at) {}
