package dev.flotilla.track;

import java.time.Instant;
import java.util.List;

/** One phase of a deployment: the services started together, when, and how it ended. */
public record Phase(
    long id,
    long deploymentId,
    int index,
    List<String> services,
    Instant startedAt,
    Instant endedAt,
    Outcome outcome,
    String detail) {}
