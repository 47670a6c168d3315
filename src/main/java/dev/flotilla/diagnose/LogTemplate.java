package dev.flotilla.diagnose;

/**
 * A group of log lines that differ only in variable parts (numbers, ids, addresses, paths, quoted
 * values): {@code template} shows the fixed words with the variable parts as {@code <NUM>},
 * {@code <IP>}, … or {@code <*>}. {@code fingerprint} is a hash of the template text, so the same
 * template always has the same fingerprint; the store counts occurrences under it.
 *
 * @param example the first line of the group, redacted
 */
public record LogTemplate(
    String fingerprint, String template, int occurrences, String example, int firstLine, int lastLine) {}
