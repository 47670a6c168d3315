package dev.flotilla.model;

/**
 * Where a process started from source listens: {@code uvicorn.run(app, host=…, port=…)},
 * {@code app.listen(3000, '127.0.0.1')}. {@code host}/{@code port} may hold {@code ${NAME:-default}}
 * environment lookups; null when not given (the library's default applies, see {@code defaultHost}).
 */
public record BindAddress(String library, String host, String port, String defaultHost, SourceLocation location) {}
