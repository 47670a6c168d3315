package dev.flotilla.model;

import java.util.List;

/** A service's membership in a network, with its aliases there. */
public record NetworkAttachment(String network, List<String> aliases, SourceLocation location) {}
