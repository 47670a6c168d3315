package dev.flotilla.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded web server of {@code flotilla serve}: security filters, error bodies, the
 * dashboard's files, {@code /healthz}, {@code /readyz}, {@code /api/openapi.json}; the API,
 * events and metrics are registered by {@link Api}, {@link EventStream} and {@link Metrics}.
 */
public final class FlotillaServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FlotillaServer.class);
  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private static final int ACCEPT_QUEUE = 1024;
  /** Longer than the event stream's 15 s keep-alive comment. */
  private static final long IDLE_TIMEOUT_MILLIS = 60_000;

  /** A route as registered, for the OpenAPI completeness test and the route list. */
  public record Route(String method, String path) {}

  /** Where and how to listen. */
  public record Settings(String bind, int port, String token) {
    public Settings {
      if (bind == null || bind.isBlank()) bind = "127.0.0.1";
      if (token == null || token.isBlank()) throw new IllegalArgumentException("a token is required");
    }
  }

  /** Something that adds routes to the server: the API, events, metrics. */
  public interface Module {
    void register(JavalinConfig config);

    /** Called once before the server stops (end long-lived connections here). */
    default void stopping() {}

    /** Called once after the server stopped. */
    default void close() {}

    /** Whether this part can serve (the store answers); drives {@code /readyz}. */
    default boolean ready() {
      return true;
    }
  }

  private final Javalin app;
  private final List<Route> routes = Collections.synchronizedList(new ArrayList<>());
  private final List<Module> modules;
  private final AccessPolicy policy;
  private final Settings settings;

  private FlotillaServer(Settings settings, List<Module> modules) {
    this.settings = settings;
    this.modules = List.copyOf(modules);
    this.policy = new AccessPolicy(settings.token(), AccessPolicy.isLoopback(settings.bind()));
    StaticAssets assets = new StaticAssets();
    Api api = (Api) modules.stream().filter(m -> m instanceof Api).findFirst().orElse(null);
    String openapi = StaticAssets.text("/flotilla/openapi.json");
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.jetty.host = settings.bind();
      config.jetty.port = settings.port();
      // Our own connector: a deep accept queue, so a burst of connections (a team's dashboards
      // reconnecting their event streams at once) waits for accept instead of SYN retries.
      config.jetty.addConnector((server, http) -> {
        ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
        c.setHost(settings.bind());
        c.setPort(settings.port());
        c.setAcceptQueueSize(ACCEPT_QUEUE);
        c.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        return c;
      });
      // Cached API answers are written before the servlet layer and the router (0080); Javalin
      // puts its servlet context inside this handler.
      if (api != null) config.jetty.modifyServer(server -> server.setHandler(new CachedAnswers(api::ready, policy)));
      QueuedThreadPool pool = new QueuedThreadPool(256, 8, 60_000);
      pool.setName("flotilla-http");
      config.jetty.threadPool = pool;
      config.http.maxRequestSize = 64 * 1024;
      config.router.ignoreTrailingSlashes = true;
      config.events.handlerAdded(m -> {
        if (m.getHttpMethod().isHttpMethod()) routes.add(new Route(m.getHttpMethod().name(), m.getPath()));
      });
      config.routes.before(this::guard);
      config.routes.exception(ApiException.class, (e, ctx) -> {
        if (e.status() == 503) ctx.header("Retry-After", "2"); // busy or the store away: worth asking again soon
        fail(ctx, e.status(), e.code(), e.getMessage());
      });
      config.routes.exception(Exception.class, (e, ctx) -> {
        try {
          LOG.warn("request {} {} failed: {}", ctx.method(), ctx.path(), e.toString());
          fail(ctx, 500, "internal", "internal error; see the server's log");
        } catch (RuntimeException gone) {
          // the request is already over (a closed event stream): nothing to answer
        }
      });
      config.routes.error(404, ctx -> {
        if (ctx.attribute("flotilla.failed") == null) fail(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path());
      });
      config.routes.error(405, ctx -> fail(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path()));

      config.routes.get("/healthz", ctx -> Json.respond(ctx, java.util.Map.of("status", "ok")));
      config.routes.get("/readyz", ctx -> {
        List<String> notReady = new ArrayList<>();
        for (Module m : this.modules) if (!m.ready()) notReady.add(m.getClass().getSimpleName());
        if (!notReady.isEmpty()) throw ApiException.unavailable("not ready: " + String.join(", ", notReady));
        Json.respond(ctx, java.util.Map.of("status", "ready"));
      });
      config.routes.get("/api/openapi.json", ctx -> {
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("application/json; charset=utf-8").result(openapi);
      });
      config.routes.get("/", ctx -> assets.serve(ctx, "index.html"));
      config.routes.get("/assets/{file}", ctx -> {
        if (!assets.serve(ctx, ctx.pathParam("file"))) throw ApiException.notFound("no such file: " + ctx.path());
      });
      for (Module m : this.modules) m.register(config);
    });
  }

  /** Builds and starts a server; {@code port} 0 picks a free port. */
  public static FlotillaServer start(Settings settings, List<Module> modules) {
    FlotillaServer s = new FlotillaServer(settings, modules);
    s.app.start();
    return s;
  }

  public int port() {
    return app.port();
  }

  public Settings settings() {
    return settings;
  }

  /** The API module, when this server has one (tests reach its search gate through it). */
  Api api() {
    return (Api) modules.stream().filter(m -> m instanceof Api).findFirst().orElse(null);
  }

  public AccessPolicy policy() {
    return policy;
  }

  /** Every route registered, in registration order. */
  public List<Route> routes() {
    synchronized (routes) {
      return List.copyOf(routes);
    }
  }

  /** The address a browser on this machine should open. */
  public String url() {
    String host = settings.bind();
    if (host.equals("0.0.0.0") || host.equals("::")) host = "127.0.0.1";
    if (host.contains(":")) host = "[" + host + "]";
    return "http://" + host + ":" + port() + "/";
  }

  @Override
  public void close() {
    for (Module m : modules) {
      try {
        m.stopping();
      } catch (RuntimeException e) {
        LOG.warn("stopping {} failed: {}", m.getClass().getSimpleName(), e.toString());
      }
    }
    app.stop();
    for (Module m : modules) {
      try {
        m.close();
      } catch (RuntimeException e) {
        LOG.warn("closing {} failed: {}", m.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /** Security headers, DNS-rebinding guard and the token check, before every handler. */
  private void guard(Context ctx) {
    SecurityHeaders.apply(ctx);
    if (!policy.hostAllowed(ctx.header("Host"))) {
      throw new ApiException(421, "misdirected", "this server answers only to localhost / 127.0.0.1");
    }
    String path = ctx.path();
    boolean open = path.equals("/") || path.startsWith("/assets/") || path.equals("/healthz") || path.equals("/readyz");
    boolean mutating = !READ_METHODS.contains(ctx.method().name().toUpperCase(Locale.ROOT));
    if (open && !mutating) return;
    if (policy.tokenRequired(mutating) && !policy.authorized(ctx.header("Authorization"))) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"flotilla\"");
      throw ApiException.unauthorized(ctx.header("Authorization") == null
          ? "this endpoint needs 'Authorization: Bearer <token>' (FLOTILLA_TOKEN, or the token flotilla serve printed at start)"
          : "the bearer token is not the server's token");
    }
  }

  static void fail(Context ctx, int status, String code, String message) {
    ctx.attribute("flotilla.failed", Boolean.TRUE);
    ctx.status(status);
    ctx.contentType("application/json; charset=utf-8");
    ctx.result(Json.write(Json.errorBody(code, message)));
  }

  static boolean isRead(HandlerType t) {
    return READ_METHODS.contains(t.name());
  }
}
