package dev.flotilla.plan;

import java.util.List;

/** Services that start together; {@code number} counts from 1. */
public record Phase(int number, List<String> services) {}
