package dev.flotilla.model;

/**
 * A router mounted on another under a prefix: FastAPI {@code app.include_router(child, prefix=)},
 * Flask {@code register_blueprint}, Express {@code app.use('/prefix', router)}, Django
 * {@code path('api/', include('x.urls'))}. {@code child} names the router variable, qualified by
 * the module that defines it when it was imported ({@code app.routes.devices:router}).
 */
public record RouteMount(String parent, String child, String prefix, SourceLocation location) {}
