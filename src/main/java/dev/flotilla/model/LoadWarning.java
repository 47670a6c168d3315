package dev.flotilla.model;

/** Something the loader accepted but a user should know (an unset variable, say). */
public record LoadWarning(String message, SourceLocation location) {}
