package dev.flotilla.deploy;

/** One health probe of a service: good or not, what was probed, the answer (status code, output), how long it took. */
public record ProbeOutcome(boolean ok, String probe, Integer statusCode, String detail, long latencyMs) {}
