package dev.flotilla.runtime;

/** CPU (percent of one core) and memory (bytes, and the limit when there is one) of an instance. */
public record Usage(double cpuPercent, long memoryBytes, long memoryLimitBytes) {}
