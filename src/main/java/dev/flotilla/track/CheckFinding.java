package dev.flotilla.track;

import dev.flotilla.model.Category;
import dev.flotilla.model.Severity;

/** A finding as stored: code, severity, category, service, message and where (file, line, column). */
public record CheckFinding(
    String code, Severity severity, Category category, String service, String message, String file, Integer line, Integer column) {}
