package dev.flotilla.cli;

import dev.flotilla.model.UserError;
import dev.flotilla.server.AccessPolicy;
import dev.flotilla.server.FlotillaServer;
import dev.flotilla.server.PlatformView;
import dev.flotilla.server.Server;
import dev.flotilla.track.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code flotilla serve}: the dashboard, REST API, live events and metrics over the store. */
@Command(
    name = "serve",
    description = {
      "Serve the dashboard, the REST API (/api, documented at /api/openapi.json), live events",
      "(/api/events) and Prometheus metrics (/metrics) over the project's store.",
      "",
      "Binds to 127.0.0.1 unless told otherwise. Reads are open on loopback; resolving or reopening",
      "an error needs 'Authorization: Bearer <token>' (FLOTILLA_TOKEN, or the token printed at start).",
      "Bound to any other address, every API call needs the token."
    },
    mixinStandardHelpOptions = true)
public final class ServeCommand implements Callable<Integer> {
  @ParentCommand FlotillaCommand parent;
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "Project directory or compose file (default: current directory).")
  Path path;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8088", description = "Port to listen on (0: any free port; default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}). Anything but loopback requires the token for every call.")
  String bind;

  @Option(names = "--db", paramLabel = "JDBC_URL", description = "Store to read: jdbc:postgresql://… or jdbc:h2:file:… (default: FLOTILLA_DB, else PATH/.flotilla/flotilla).")
  String db;

  @Option(names = {"-p", "--project-name"}, paramLabel = "NAME", description = "Project shown first (default: the latest deployed project).")
  String projectName;

  /** Set by tests: called with the running server instead of waiting for Ctrl-C. */
  static java.util.function.Consumer<FlotillaServer> onStarted;

  @Override
  public Integer call() throws Exception {
    Console console = parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    if (port < 0 || port > 65535) throw UserError.input("--port must be between 0 and 65535, got " + port);
    Path dir = projectDirectory();
    String url = Store.resolveUrl(db, dir, System.getenv());
    String envToken = System.getenv("FLOTILLA_TOKEN");
    boolean generated = envToken == null || envToken.isBlank();
    String token = generated ? AccessPolicy.generateToken() : envToken.trim();
    if (!generated && token.length() < 16) {
      throw UserError.input("FLOTILLA_TOKEN is too short (" + token.length() + " characters): use at least 16 random characters, or unset it to get a generated one");
    }
    if (!bindable(bind)) throw UserError.input("--bind " + bind + ": not an address of this machine (use 127.0.0.1, ::1 or 0.0.0.0)");

    Store store = Store.open(url);
    FlotillaServer server;
    try {
      server = Server.start(new FlotillaServer.Settings(bind, port, token), store, url, new PlatformView(projectName, null, null));
    } catch (RuntimeException e) {
      store.close();
      throw startFailure(e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      server.close();
      store.close();
      stopped.countDown();
    }, "flotilla-serve-stop");
    console.info("flotilla serve: dashboard " + server.url() + " · API " + server.url() + "api/openapi.json · metrics " + server.url() + "metrics");
    console.info("store: " + store.url());
    if (!AccessPolicy.isLoopback(bind)) {
      console.warn("bound to " + bind + ": reachable from other machines; every API call needs the token. Put TLS in front (a reverse proxy) on an untrusted network.");
    }
    if (generated) {
      // printed once, on stdout, so it can be captured; never logged
      console.result("token: " + token);
      console.info("(needed to resolve or reopen errors" + (AccessPolicy.isLoopback(bind) ? "" : " and for every API call")
          + "; set FLOTILLA_TOKEN to choose your own)");
    } else {
      console.info("token: from FLOTILLA_TOKEN");
    }
    if (onStarted != null) {
      try {
        onStarted.accept(server);
      } finally {
        server.close();
        store.close();
      }
      return ExitCode.OK;
    }
    Runtime.getRuntime().addShutdownHook(hook);
    console.info("Press Ctrl-C to stop.");
    stopped.await();
    return ExitCode.OK;
  }

  private Path projectDirectory() {
    if (path == null) return Path.of("").toAbsolutePath();
    if (Files.isDirectory(path)) return path.toAbsolutePath();
    if (Files.isRegularFile(path)) return path.toAbsolutePath().getParent();
    throw UserError.input(path + ": no such file or directory (give a project directory or a compose file)");
  }

  private static boolean bindable(String address) {
    try {
      java.net.InetAddress a = java.net.InetAddress.getByName(address);
      return a.isAnyLocalAddress() || a.isLoopbackAddress() || java.net.NetworkInterface.getByInetAddress(a) != null;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private RuntimeException startFailure(RuntimeException e) {
    Throwable t = e;
    while (t != null) {
      if (t instanceof java.net.BindException) {
        return UserError.input("cannot listen on " + bind + ":" + port + ": " + t.getMessage() + " (another server uses it? choose another with --port)");
      }
      t = t.getCause();
    }
    return e;
  }
}
