package dev.flotilla.model;

/**
 * An outgoing HTTP request in source: {@code httpx.post(f"{DATA_API}/internal/x")}. {@code url}
 * is what could be worked out: literals and module constants inlined, an environment lookup as
 * {@code ${NAME:-default}} (resolved later against the service's environment), anything else as
 * {@code {?}}. {@code method} is upper case.
 */
public record HttpCall(String library, String method, String url, SourceLocation location) {}
