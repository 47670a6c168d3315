package dev.flotilla.check;

import java.util.List;

/** An automatic fix: a description and the text edits that apply it. */
public record Fix(String description, List<TextEdit> edits) {}
