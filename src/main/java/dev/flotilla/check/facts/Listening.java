package dev.flotilla.check.facts;

import dev.flotilla.model.Instruction;
import dev.flotilla.model.Service;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stage;
import dev.flotilla.model.VolumeMount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What port(s) and host a service's process listens on, derived from what the project says: the
 * start command (uvicorn/gunicorn/flask/django/http.server, node/npm with PORT, Spring
 * {@code server.port}, busybox {@code httpd -p}, nginx/redis/postgres configs and flags, …), the
 * source when the command runs a script, well-known images, and EXPOSE as a last guess. Every
 * listener carries a {@link Confidence}: a guess never becomes a HIGH finding.
 */
public final class Listening {

  private static final Map<Service, ServicePorts> CACHE = new IdentityHashMap<>();
  private static final Pattern PYTHON = Pattern.compile("python[0-9.]*|pypy[0-9.]*");

  private Listening() {}

  /** The listening facts of a service (memoised per service object: rules share one analysis). */
  public static ServicePorts of(Service s) {
    synchronized (CACHE) {
      ServicePorts cached = CACHE.get(s);
      if (cached != null) return cached;
    }
    ServicePorts p = analyze(s);
    synchronized (CACHE) {
      if (CACHE.size() > 20_000) CACHE.clear();
      CACHE.put(s, p);
    }
    return p;
  }

  /** The ports the image's Dockerfile EXPOSEs (all stages of the chain), with where. */
  public static List<Listener> exposed(Service s) {
    List<Listener> out = new ArrayList<>();
    for (Stage st : ProcessCommand.stageChain(s)) {
      for (Instruction i : st.all("EXPOSE")) {
        for (String a : i.args()) {
          String w = a.contains("/") ? a.substring(0, a.indexOf('/')) : a;
          if (a.endsWith("/udp")) continue;
          int dash = w.indexOf('-');
          try {
            if (dash > 0) {
              int from = Integer.parseInt(w.substring(0, dash));
              int to = Integer.parseInt(w.substring(dash + 1));
              for (int p = from; p <= to && p - from < 100; p++) out.add(new Listener(p, null, Confidence.GUESS, "EXPOSE " + a, i.location()));
            } else {
              out.add(new Listener(Integer.parseInt(w), null, Confidence.GUESS, "EXPOSE " + a, i.location()));
            }
          } catch (NumberFormatException e) {
            // EXPOSE $PORT with an unknown value: nothing to learn
          }
        }
      }
    }
    return out;
  }

  static ServicePorts analyze(Service s) {
    ProcessCommand pc = ProcessCommand.of(s);
    Analysis a = new Analysis(s, pc);
    ServicePorts r = a.run();
    if (r != null) return r;
    List<Listener> ex = exposed(s);
    if (!ex.isEmpty()) return new ServicePorts(s.name(), "EXPOSE", true, ex);
    return ServicePorts.unknown(s.name());
  }

  /** One analysis of one service: the command, its environment and the files it can read. */
  private static final class Analysis {
    final Service service;
    final ProcessCommand pc;
    final ProjectFiles files;
    SourceLocation at;
    int depth;

    Analysis(Service s, ProcessCommand pc) {
      this.service = s;
      this.pc = pc;
      this.files = new ProjectFiles(s);
      this.at = pc.location();
    }

    ServicePorts run() {
      Map<String, String> env = new HashMap<>(pc.env());
      List<String> argv = pc.argv();
      if (!argv.isEmpty()) {
        Result r = words(argv, env);
        if (r != null) return r.toPorts(service.name());
      }
      Optional<WellKnownImages.Entry> img = WellKnownImages.lookup(pc.baseImage());
      if (img.isEmpty() && !service.builds()) img = WellKnownImages.lookup(service.imageName());
      if (img.isPresent()) {
        // arguments to the image's own entrypoint (`command: --port 6380` on redis, `server /data` on minio)
        if (!pc.entrypointKnown() && !pc.cmd().isEmpty() && img.get().program() != null) {
          List<String> args = pc.cmd();
          if (basename(args.get(0)).equals(img.get().program())) args = args.subList(1, args.size());
          Result r = program(img.get().program(), expandAll(args, env), env, false);
          if (r != null) return r.toPorts(service.name());
        }
        SourceLocation where = service.image() != null ? service.image().location() : at;
        if (service.builds() && !pc.stages().isEmpty()) where = pc.stages().get(0).from().location();
        at = where;
        Result r = image(img.get(), env);
        return r.toPorts(service.name());
      }
      return null;
    }

    Result image(WellKnownImages.Entry e, Map<String, String> env) {
      return image(e, List.of(), env);
    }

    Result image(WellKnownImages.Entry e, List<String> args, Map<String, String> env) {
      if (e.program() != null) {
        Result r = program(e.program(), args, env, false);
        if (r != null) return r;
      }
      Result r = new Result(e.names().get(0));
      for (int i = 0; i < e.ports().size(); i++) {
        int port = e.ports().get(i);
        if (i == 0 && e.portEnv() != null && env.containsKey(e.portEnv())) {
          Integer p = parsePort(env.get(e.portEnv()));
          if (p != null) {
            r.add(p, null, Confidence.STATED, e.portEnv() + "=" + p, at);
            continue;
          }
        }
        r.add(port, null, Confidence.DEFAULT, "the " + e.names().get(0) + " image's default port " + port, at);
      }
      return r;
    }

    /** Reads a word list (a whole argv or one shell command), skipping wrappers, until a known program. */
    Result words(List<String> w, Map<String, String> env) {
      if (++depth > 12) return null;
      try {
        int i = 0;
        while (i < w.size()) {
          String word = w.get(i);
          String b = basename(word);
          if (word.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            int eq = word.indexOf('=');
            String v = Shell.expand(word.substring(eq + 1), env);
            if (v != null) env.put(word.substring(0, eq), v);
            i++;
          } else if (Set.of("sh", "bash", "ash", "dash", "zsh").contains(b)) {
            int c = w.indexOf("-c");
            if (c < 0) {
              // `sh script.sh`
              if (i + 1 < w.size()) return script(w.get(i + 1), w.subList(Math.min(i + 2, w.size()), w.size()), env);
              return null;
            }
            if (c + 1 >= w.size()) return null;
            return shell(w.get(c + 1), env);
          } else if (Set.of("exec", "env", "tini", "dumb-init", "nice", "time", "nohup", "--", "-g", "-s", "catatonit").contains(b)
              || b.equals("busybox") && i + 1 < w.size() && !w.get(i + 1).startsWith("-")) {
            i++;
          } else if (Set.of("gosu", "su-exec", "setpriv", "chpst").contains(b)) {
            i += 2;
          } else if (Set.of("poetry", "pipenv", "uv", "pdm", "hatch", "rye", "bundle").contains(b) && i + 1 < w.size()
              && Set.of("run", "exec").contains(w.get(i + 1))) {
            i += 2;
          } else if (Set.of("opentelemetry-instrument", "ddtrace-run", "doppler", "op").contains(b)) {
            i++;
            while (i < w.size() && w.get(i).startsWith("-")) i++;
          } else if (b.endsWith(".sh") && (b.contains("entrypoint") || b.contains("wait-for"))) {
            // an entrypoint wrapper: the real program follows it (often after `--`)
            Result r = script(word, w.subList(i + 1, w.size()), env);
            if (r != null && r.known()) return r;
            i++;
          } else {
            String prog = b.toLowerCase(Locale.ROOT);
            if (prog.endsWith(".sh")) return script(word, w.subList(i + 1, w.size()), env);
            List<String> rest = expandAll(w.subList(i + 1, w.size()), env);
            return program(prog, rest, env);
          }
        }
        return null;
      } finally {
        depth--;
      }
    }

    Result shell(String script, Map<String, String> env) {
      Result found = null;
      for (String cmd : Shell.commands(script)) {
        List<String> ws = Shell.words(cmd);
        if (ws.isEmpty()) continue;
        String b = basename(ws.get(0));
        if (Set.of("export").contains(b)) {
          for (String a : ws.subList(1, ws.size())) {
            int eq = a.indexOf('=');
            if (eq > 0) {
              String v = Shell.expand(a.substring(eq + 1), env);
              if (v != null) env.put(a.substring(0, eq), v);
            }
          }
          continue;
        }
        Result r = words(ws, env);
        if (r != null && r.known()) {
          if (found == null || found.listeners.isEmpty()) found = r;
          else if (!r.listeners.isEmpty()) found.listeners.addAll(r.listeners);
        }
      }
      return found;
    }

    Result script(String path, List<String> args, Map<String, String> env) {
      Optional<ProjectFiles.Text> t = files.find(path);
      if (t.isEmpty()) return args.isEmpty() ? null : words(args, env);
      SourceLocation saved = at;
      try {
        at = SourceLocation.of(t.get().path(), 1);
        String body = t.get().text().replace("\"$@\"", String.join(" ", args)).replace("$@", String.join(" ", args));
        Result r = shell(body, env);
        if (r == null && !args.isEmpty()) {
          at = saved;
          return words(args, env);
        }
        return r;
      } finally {
        at = saved;
      }
    }

    List<String> expandAll(List<String> ws, Map<String, String> env) {
      List<String> out = new ArrayList<>(ws.size());
      for (String w : ws) {
        String e = Shell.expand(w, env);
        out.add(e == null ? w : e);
      }
      return out;
    }

    /** Recognises one program and its arguments; null when the program is not known. */
    Result program(String prog, List<String> a, Map<String, String> env) {
      return program(prog, a, env, true);
    }

    Result program(String prog, List<String> a, Map<String, String> env, boolean viaTable) {
      String p = prog.endsWith(".exe") ? prog.substring(0, prog.length() - 4) : prog;
      if (PYTHON.matcher(p).matches()) return python(a, env);
      switch (p) {
        case "uvicorn": return uvicorn(a, env);
        case "gunicorn": return gunicorn(a, env);
        case "hypercorn": return bindStyle("hypercorn", a, "127.0.0.1", 8000);
        case "granian": return hostPort("granian", a, env, "--host", "--port", null, null, "127.0.0.1", 8000);
        case "daphne": return daphne(a);
        case "flask": return flask(a, env);
        case "django-admin": return django(a);
        case "manage.py": return django(a);
        case "streamlit": return hostPort("streamlit", a, env, "--server.address", "--server.port", null, "STREAMLIT_SERVER_PORT", "0.0.0.0", 8501);
        case "jupyter", "jupyter-lab", "jupyter-notebook": return hostPort("jupyter", a, env, "--ip", "--port", null, null, "127.0.0.1", 8888);
        case "celery": return celery(a);
        case "rq", "dramatiq", "arq", "huey_consumer", "huey_consumer.py": return none(p);
        case "sleep", "tail", "true", "cat", "echo": return none(p);
        case "node", "nodejs", "nodemon", "ts-node", "tsx", "bun", "deno", "pm2-runtime", "pm2": return node(a, env);
        case "npm", "yarn", "pnpm": return npm(a, env);
        case "npx": return a.isEmpty() ? null : program(basename(a.get(0)), a.subList(1, a.size()), env);
        case "next": return nodeTool("next", a, env, 3000, "0.0.0.0");
        case "nuxt", "nuxi": return nodeTool("nuxt", a, env, 3000, "0.0.0.0");
        case "serve": return serve(a);
        case "http-server": return hostPort("http-server", a, env, "-a", "-p", "--port", null, "0.0.0.0", 8080);
        case "json-server": return hostPort("json-server", a, env, "--host", "--port", "-p", null, "localhost", 3000);
        case "vite": return a.contains("preview") ? hostPort("vite", a, env, "--host", "--port", null, null, "localhost", 4173) : hostPort("vite", a, env, "--host", "--port", null, null, "localhost", 5173);
        case "java": return java(a, env);
        case "dotnet": return dotnet(env);
        case "httpd": return a.isEmpty() || a.contains("-DFOREGROUND") ? httpdConfig("httpd", env) : busyboxHttpd(a);
        case "httpd-foreground", "apache2-foreground", "apache2ctl", "apachectl": return httpdConfig("httpd", env);
        case "nginx", "openresty": return nginx();
        case "postgres", "postgresql", "docker-entrypoint.sh": return p.equals("docker-entrypoint.sh") ? null : postgres(a, env);
        case "redis-server", "valkey-server": return redis(a);
        case "mongod": return hostPort("mongod", a, env, "--bind_ip", "--port", null, null, null, 27017);
        case "mysqld", "mariadbd": return hostPort("mysqld", a, env, "--bind-address", "--port", "-P", "MYSQL_TCP_PORT", null, 3306);
        case "memcached": return hostPort("memcached", a, env, "-l", "-p", "--port", null, null, 11211);
        case "prometheus": return listenAddress("prometheus", a, 9090);
        case "alertmanager": return listenAddress("alertmanager", a, 9093);
        case "node_exporter": return listenAddress("node_exporter", a, 9100);
        case "blackbox_exporter": return listenAddress("blackbox_exporter", a, 9115);
        case "pushgateway": return listenAddress("pushgateway", a, 9091);
        case "postgres_exporter": return listenAddress("postgres_exporter", a, 9187);
        case "redis_exporter": return listenAddress("redis_exporter", a, 9121);
        case "grafana", "grafana-server": return envPort("grafana", env, "GF_SERVER_HTTP_PORT", 3000);
        case "minio": return minio(a);
        case "traefik": return traefik(a);
        case "nc", "netcat", "ncat": return netcat(a);
        case "php": return php(a);
        case "php-fpm", "php-fpm8", "php-fpm82": return fixed("php-fpm", 9000, null);
        case "rails": return a.contains("server") || a.contains("s") ? hostPort("rails", a, env, "-b", "-p", "--port", "PORT", "localhost", 3000) : null;
        case "puma": return hostPort("puma", a, env, null, "-p", "--port", "PORT", "0.0.0.0", 9292);
        case "rackup": return hostPort("rackup", a, env, "-o", "-p", "--port", null, "localhost", 9292);
        case "ollama": return envHostPort("ollama", env, "OLLAMA_HOST", "127.0.0.1", 11434);
        case "redis-cli", "psql", "pg_isready", "curl", "wget", "alembic", "migrate", "flyway": return none(p);
        default: break;
      }
      if (!viaTable) return null;
      Optional<WellKnownImages.Entry> e = WellKnownImages.forProgram(p);
      if (e.isPresent()) return image(e.get(), a, env);
      return null;
    }

    Result python(List<String> a, Map<String, String> env) {
      int i = 0;
      while (i < a.size() && a.get(i).startsWith("-") && !a.get(i).equals("-m") && !a.get(i).equals("-c")) {
        if (Set.of("-W", "-X").contains(a.get(i))) i++;
        i++;
      }
      if (i >= a.size()) return null;
      if (a.get(i).equals("-c")) return null;
      if (a.get(i).equals("-m")) {
        if (i + 1 >= a.size()) return null;
        String mod = a.get(i + 1);
        List<String> rest = a.subList(i + 2, a.size());
        if (mod.equals("http.server") || mod.equals("SimpleHTTPServer")) return httpServer(rest);
        if (mod.equals("django")) return django(rest);
        if (mod.equals("pip")) return none("pip");
        return program(mod, rest, env);
      }
      String script = a.get(i);
      List<String> rest = a.subList(i + 1, a.size());
      if (basename(script).equals("manage.py")) return django(rest);
      return pythonSource(script, env);
    }

    Result uvicorn(List<String> a, Map<String, String> env) {
      if (opt(a, "--uds") != null || opt(a, "--fd") != null) return none("uvicorn");
      String host = first(opt(a, "--host"), env.get("UVICORN_HOST"));
      String port = first(opt(a, "--port"), env.get("UVICORN_PORT"));
      return hostPortResult("uvicorn", host, port, "127.0.0.1", 8000, a);
    }

    Result gunicorn(List<String> a, Map<String, String> env) {
      List<String> binds = opts(a, "-b", "--bind");
      String cmdArgs = env.get("GUNICORN_CMD_ARGS");
      if (binds.isEmpty() && cmdArgs != null) binds = opts(Shell.words(cmdArgs), "-b", "--bind");
      Confidence fallback = Confidence.DEFAULT;
      if (binds.isEmpty()) {
        String conf = opt(a, "-c", "--config");
        Optional<ProjectFiles.Text> t = conf != null ? files.find(conf.replaceFirst("^python:", "").replace('.', '/') + (conf.endsWith(".py") ? "" : ".py"))
            : files.find("gunicorn.conf.py");
        if (conf != null && conf.endsWith(".py")) t = files.find(conf);
        if (t.isPresent()) {
          Matcher m = Pattern.compile("(?m)^\\s*bind\\s*=\\s*\\[?\\s*(?:f?[\"']([^\"']+)[\"']|([A-Za-z_].*))").matcher(t.get().text());
          if (m.find()) {
            if (m.group(1) != null && !m.group(1).contains("{")) {
              Result r = new Result("gunicorn");
              SourceLocation where = SourceLocation.of(t.get().path(), lineOf(t.get().text(), m.start()));
              addBind(r, m.group(1), "127.0.0.1", 8000, Confidence.STATED, "gunicorn bind " + m.group(1), where);
              return r;
            }
            fallback = Confidence.GUESS;
          }
        } else if (conf != null) {
          fallback = Confidence.GUESS;
        }
        String port = env.get("PORT");
        if (port != null && parsePort(port) != null) {
          Result r = new Result("gunicorn");
          r.add(parsePort(port), "0.0.0.0", fallback == Confidence.GUESS ? Confidence.GUESS : Confidence.STATED, "gunicorn binds $PORT=" + port, at);
          return r;
        }
        Result r = new Result("gunicorn");
        r.add(8000, "127.0.0.1", fallback, "gunicorn's default bind 127.0.0.1:8000", at);
        return r;
      }
      Result r = new Result("gunicorn");
      for (String b : binds) addBind(r, b, "127.0.0.1", 8000, Confidence.STATED, "gunicorn --bind " + b, at);
      return r;
    }

    Result bindStyle(String name, List<String> a, String defHost, int defPort) {
      List<String> binds = opts(a, "-b", "--bind");
      Result r = new Result(name);
      if (binds.isEmpty()) r.add(defPort, defHost, Confidence.DEFAULT, name + "'s default bind " + defHost + ":" + defPort, at);
      for (String b : binds) addBind(r, b, defHost, defPort, Confidence.STATED, name + " --bind " + b, at);
      return r;
    }

    Result daphne(List<String> a) {
      String e = opt(a, "-e", "--endpoint");
      if (e != null) {
        Matcher m = Pattern.compile("tcp:(?:port=)?(\\d+)(?::interface=([^:]+))?").matcher(e);
        if (m.find()) {
          Result r = new Result("daphne");
          r.add(Integer.parseInt(m.group(1)), m.group(2) == null ? "0.0.0.0" : m.group(2), Confidence.STATED, "daphne -e " + e, at);
          return r;
        }
      }
      return hostPortResult("daphne", opt(a, "-b", "--bind"), opt(a, "-p", "--port"), "127.0.0.1", 8000, a);
    }

    Result flask(List<String> a, Map<String, String> env) {
      if (!a.contains("run")) return null;
      String host = first(opt(a, "--host", "-h"), env.get("FLASK_RUN_HOST"));
      String port = first(opt(a, "--port", "-p"), env.get("FLASK_RUN_PORT"));
      return hostPortResult("flask", host, port, "127.0.0.1", 5000, a);
    }

    Result django(List<String> a) {
      int rs = a.indexOf("runserver");
      if (rs < 0) {
        if (a.stream().anyMatch(x -> x.equals("runworker") || x.equals("migrate") || x.equals("collectstatic"))) return none("django");
        return null;
      }
      String addr = null;
      for (String x : a.subList(rs + 1, a.size())) if (!x.startsWith("-")) { addr = x; break; }
      Result r = new Result("django runserver");
      if (addr == null) {
        r.add(8000, "127.0.0.1", Confidence.DEFAULT, "manage.py runserver's default 127.0.0.1:8000", at);
        return r;
      }
      addBind(r, addr.matches("\\d+") ? "127.0.0.1:" + addr : addr, "127.0.0.1", 8000, Confidence.STATED, "runserver " + addr, at);
      return r;
    }

    Result httpServer(List<String> a) {
      String bind = opt(a, "-b", "--bind");
      String port = null;
      for (int i = 0; i < a.size(); i++) {
        String x = a.get(i);
        if (x.startsWith("-")) {
          if (!x.contains("=") && Set.of("-b", "--bind", "-d", "--directory", "-p", "--protocol").contains(x)) i++;
          continue;
        }
        port = x;
        break;
      }
      return hostPortResult("python -m http.server", bind, port, "0.0.0.0", 8000, a);
    }

    Result celery(List<String> a) {
      if (a.contains("flower")) {
        String port = opt(a, "--port");
        return hostPortResult("celery flower", opt(a, "--address"), port, "0.0.0.0", 5555, a);
      }
      return none("celery");
    }

    Result node(List<String> a, Map<String, String> env) {
      String entry = null;
      for (int i = 0; i < a.size(); i++) {
        String x = a.get(i);
        if (x.startsWith("-")) {
          if (Set.of("-r", "--require", "--import", "--loader").contains(x)) i++;
          continue;
        }
        if (Set.of("start", "run", "serve").contains(x)) continue;
        entry = x;
        break;
      }
      if (entry == null) entry = packageMain().orElse(null);
      if (entry != null) {
        Result r = jsSource(entry, env);
        if (r != null) return r;
      }
      Integer port = parsePort(env.get("PORT"));
      if (port != null) {
        Result r = new Result("node");
        r.add(port, null, Confidence.GUESS, "PORT=" + port + " (if the app reads it)", at);
        return r;
      }
      return null;
    }

    Result npm(List<String> a, Map<String, String> env) {
      if (a.isEmpty()) return null;
      String script = a.get(0);
      if (script.equals("run") || script.equals("run-script")) script = a.size() > 1 ? a.get(1) : null;
      if (script == null || Set.of("install", "ci", "i", "build").contains(script)) return null;
      Optional<ProjectFiles.Text> pkg = files.find("package.json");
      if (pkg.isEmpty()) return node(List.of(), env);
      Matcher m = Pattern.compile("\"" + Pattern.quote(script) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(pkg.get().text());
      if (!m.find()) {
        if (script.equals("start")) return node(List.of("server.js"), env);
        return null;
      }
      String body = m.group(1).replace("\\\"", "\"");
      SourceLocation saved = at;
      at = SourceLocation.of(pkg.get().path(), lineOf(pkg.get().text(), m.start()));
      try {
        Result r = shell(body, env);
        return r;
      } finally {
        at = saved;
      }
    }

    Result nodeTool(String name, List<String> a, Map<String, String> env, int defPort, String defHost) {
      String port = first(opt(a, "-p", "--port"), env.get("PORT"));
      String host = first(opt(a, "-H", "--hostname"), env.get("HOSTNAME"));
      if (host != null && !host.matches("[0-9.:]+|localhost")) host = defHost; // HOSTNAME is often the container id
      return hostPortResult(name, host, port, defHost, defPort, a);
    }

    Result serve(List<String> a) {
      String l = opt(a, "-l", "--listen", "-p");
      Result r = new Result("serve");
      if (l == null) {
        r.add(3000, "0.0.0.0", Confidence.DEFAULT, "serve's default port 3000", at);
        return r;
      }
      addBind(r, l.replaceFirst("^tcp://", ""), "0.0.0.0", 3000, Confidence.STATED, "serve -l " + l, at);
      return r;
    }

    Result java(List<String> a, Map<String, String> env) {
      for (String x : a) {
        if (x.startsWith("-Dserver.port=") || x.startsWith("--server.port=")) {
          Integer p = parsePort(x.substring(x.indexOf('=') + 1));
          if (p != null) return fixedStated("spring", p, x);
        }
      }
      Integer envPort = parsePort(first(env.get("SERVER_PORT"), env.get("SERVER.PORT")));
      if (envPort != null) return fixedStated("spring", envPort, "SERVER_PORT=" + envPort);
      for (String name : List.of("src/main/resources/application.properties", "application.properties", "src/main/resources/application.yml",
          "src/main/resources/application.yaml", "application.yml")) {
        Optional<ProjectFiles.Text> t = files.find(name);
        if (t.isEmpty()) continue;
        Matcher m = Pattern.compile("(?m)^\\s*(?:server\\.port\\s*[=:]|port\\s*:)\\s*(\\$\\{[A-Z_]+:(\\d+)}|\\d+)").matcher(t.get().text());
        boolean yaml = name.endsWith("yml") || name.endsWith("yaml");
        if (m.find() && (!yaml || t.get().text().contains("server:"))) {
          String v = m.group(2) != null ? m.group(2) : m.group(1);
          Result r = new Result("spring");
          r.add(Integer.parseInt(v), "0.0.0.0", Confidence.STATED, "server.port in " + t.get().path().getFileName(),
              SourceLocation.of(t.get().path(), lineOf(t.get().text(), m.start())));
          return r;
        }
        return fixed("spring", 8080, "Spring Boot's default port 8080");
      }
      boolean spring = files.find("pom.xml").map(t -> t.text().contains("spring-boot")).orElse(false)
          || files.find("build.gradle").map(t -> t.text().contains("spring-boot")).orElse(false)
          || files.find("build.gradle.kts").map(t -> t.text().contains("spring-boot")).orElse(false);
      if (spring) return fixed("spring", 8080, "Spring Boot's default port 8080");
      if (a.contains("-jar")) {
        Result r = new Result("java");
        r.add(8080, null, Confidence.GUESS, "java -jar (Spring Boot and most Java servers default to 8080)", at);
        return r;
      }
      return null;
    }

    Result dotnet(Map<String, String> env) {
      String urls = env.get("ASPNETCORE_URLS");
      if (urls != null) {
        Result r = new Result("dotnet");
        for (String u : urls.split("[;,]")) {
          Matcher m = Pattern.compile("https?://([^:/]+):(\\d+)").matcher(u.trim());
          if (m.find()) r.add(Integer.parseInt(m.group(2)), hostOf(m.group(1)), Confidence.STATED, "ASPNETCORE_URLS=" + urls, at);
        }
        if (!r.listeners.isEmpty()) return r;
      }
      Integer p = parsePort(first(env.get("ASPNETCORE_HTTP_PORTS"), env.get("HTTP_PORTS")));
      if (p != null) return fixedStated("dotnet", p, "ASPNETCORE_HTTP_PORTS=" + p);
      Result r = new Result("dotnet");
      r.add(8080, "0.0.0.0", Confidence.GUESS, "ASP.NET Core 8's default port 8080", at);
      return r;
    }

    Result busyboxHttpd(List<String> a) {
      String p = opt(a, "-p");
      Result r = new Result("httpd");
      if (p == null) {
        r.add(80, "0.0.0.0", Confidence.DEFAULT, "busybox httpd's default port 80", at);
        return r;
      }
      addBind(r, p, "0.0.0.0", 80, Confidence.STATED, "httpd -p " + p, at);
      return r;
    }

    Result httpdConfig(String name, Map<String, String> env) {
      for (ProjectFiles.Text t : files.configs("/usr/local/apache2/conf", "/etc/apache2", "/etc/httpd")) {
        Matcher m = Pattern.compile("(?mi)^\\s*Listen\\s+(?:[\\d.]+:)?(\\d+)").matcher(t.text());
        Result r = new Result(name);
        while (m.find()) r.add(Integer.parseInt(m.group(1)), "0.0.0.0", Confidence.STATED, "Listen " + m.group(1), SourceLocation.of(t.path(), lineOf(t.text(), m.start())));
        if (!r.listeners.isEmpty()) return r;
      }
      return fixed(name, 80, "Apache httpd's default port 80");
    }

    Result nginx() {
      List<ProjectFiles.Text> confs = files.configs("/etc/nginx");
      Result r = new Result("nginx");
      boolean templated = false;
      for (ProjectFiles.Text t : confs) {
        Matcher m = Pattern.compile("(?m)^\\s*listen\\s+(?:\\[::]:|[\\w.]+:)?(\\$\\{?\\w+}?|\\d+)([^;]*);").matcher(t.text());
        while (m.find()) {
          if (m.group(1).startsWith("$")) {
            templated = true;
            continue;
          }
          int port = Integer.parseInt(m.group(1));
          if (r.listeners.stream().noneMatch(l -> l.port() == port)) {
            r.add(port, "0.0.0.0", Confidence.STATED, "nginx listen " + port, SourceLocation.of(t.path(), lineOf(t.text(), m.start())));
          }
        }
      }
      if (!r.listeners.isEmpty() && !templated) return r;
      if (!r.listeners.isEmpty()) {
        r.listeners.replaceAll(l -> new Listener(l.port(), l.host(), Confidence.GUESS, l.evidence(), l.location()));
        return r;
      }
      boolean custom = templated || files.mountsOrCopies("/etc/nginx");
      r.add(80, "0.0.0.0", custom ? Confidence.GUESS : Confidence.DEFAULT, "nginx's default port 80", at);
      return r;
    }

    Result postgres(List<String> a, Map<String, String> env) {
      String p = opt(a, "-p");
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).equals("-c") && i + 1 < a.size() && a.get(i + 1).startsWith("port=")) p = a.get(i + 1).substring(5);
        if (a.get(i).startsWith("--port=")) p = a.get(i).substring(7);
      }
      if (p != null) return hostPortResult("postgres", null, p, "0.0.0.0", 5432, a);
      Integer envp = parsePort(env.get("PGPORT"));
      if (envp != null) return fixedStated("postgres", envp, "PGPORT=" + envp);
      return fixed("postgres", 5432, "PostgreSQL's default port 5432");
    }

    Result redis(List<String> a) {
      String p = opt(a, "--port");
      if (p != null) return hostPortResult("redis-server", null, p, "0.0.0.0", 6379, a);
      for (String x : a) {
        if (x.endsWith(".conf")) {
          Optional<ProjectFiles.Text> t = files.find(x);
          if (t.isPresent()) {
            Matcher m = Pattern.compile("(?m)^\\s*port\\s+(\\d+)").matcher(t.get().text());
            if (m.find()) {
              Result r = new Result("redis-server");
              r.add(Integer.parseInt(m.group(1)), "0.0.0.0", Confidence.STATED, "port " + m.group(1) + " in " + t.get().path().getFileName(),
                  SourceLocation.of(t.get().path(), lineOf(t.get().text(), m.start())));
              return r;
            }
          } else {
            Result r = new Result("redis-server");
            r.add(6379, "0.0.0.0", Confidence.GUESS, "redis's default port (its config file was not found)", at);
            return r;
          }
        }
      }
      return fixed("redis-server", 6379, "Redis's default port 6379");
    }

    Result listenAddress(String name, List<String> a, int def) {
      String l = opt(a, "--web.listen-address");
      if (l == null) return fixed(name, def, name + "'s default port " + def);
      Result r = new Result(name);
      addBind(r, l, "0.0.0.0", def, Confidence.STATED, "--web.listen-address=" + l, at);
      return r;
    }

    Result envPort(String name, Map<String, String> env, String var, int def) {
      Integer p = parsePort(env.get(var));
      if (p != null) return fixedStated(name, p, var + "=" + p);
      return fixed(name, def, name + "'s default port " + def);
    }

    Result envHostPort(String name, Map<String, String> env, String var, String defHost, int def) {
      String v = env.get(var);
      if (v == null) return fixed(name, def, name + "'s default port " + def);
      Result r = new Result(name);
      addBind(r, v.replaceFirst("^https?://", ""), defHost, def, Confidence.STATED, var + "=" + v, at);
      return r;
    }

    Result minio(List<String> a) {
      Result r = new Result("minio");
      String addr = opt(a, "--address");
      if (addr == null) r.add(9000, "0.0.0.0", Confidence.DEFAULT, "minio's default port 9000", at);
      else addBind(r, addr, "0.0.0.0", 9000, Confidence.STATED, "minio --address " + addr, at);
      String console = opt(a, "--console-address");
      if (console != null) addBind(r, console, "0.0.0.0", 9001, Confidence.STATED, "minio --console-address " + console, at);
      return r;
    }

    Result traefik(List<String> a) {
      Result r = new Result("traefik");
      for (String x : a) {
        Matcher m = Pattern.compile("^--entrypoints\\.[\\w-]+\\.address=(.*)$", Pattern.CASE_INSENSITIVE).matcher(x);
        if (m.matches()) addBind(r, m.group(1).replaceFirst("/(tcp|udp)$", ""), "0.0.0.0", 80, Confidence.STATED, x, at);
        if (x.equals("--api.insecure=true") || x.equals("--api.insecure")) r.add(8080, "0.0.0.0", Confidence.STATED, x, at);
      }
      if (r.listeners.isEmpty()) r.add(80, "0.0.0.0", a.stream().anyMatch(x -> x.startsWith("--configfile")) ? Confidence.GUESS : Confidence.DEFAULT, "traefik's default entrypoint :80", at);
      return r;
    }

    Result netcat(List<String> a) {
      if (a.stream().noneMatch(x -> x.startsWith("-") && x.contains("l"))) return none("nc");
      String p = opt(a, "-p");
      if (p == null) for (String x : a) if (x.matches("\\d{2,5}")) p = x;
      return p == null ? null : hostPortResult("nc", null, p, "0.0.0.0", 0, a);
    }

    Result php(List<String> a) {
      String s = opt(a, "-S");
      if (s != null) {
        Result r = new Result("php -S");
        addBind(r, s, "127.0.0.1", 8000, Confidence.STATED, "php -S " + s, at);
        return r;
      }
      if (a.contains("artisan") && a.contains("serve")) return hostPortResult("artisan serve", opt(a, "--host"), opt(a, "--port"), "127.0.0.1", 8000, a);
      return null;
    }

    Result pythonSource(String script, Map<String, String> env) {
      Optional<ProjectFiles.Text> t = files.find(script);
      if (t.isEmpty()) return null;
      String text = t.get().text();
      Matcher run = Pattern.compile("(uvicorn\\.run|\\.run|web\\.run_app|serve)\\s*\\(([^)]*(?:\\([^)]*\\)[^)]*)*)\\)", Pattern.DOTALL).matcher(text);
      while (run.find()) {
        String call = run.group(1);
        String args = run.group(2);
        if (call.equals(".run") && !(args.contains("port") || args.contains("host") || text.contains("Flask("))) continue;
        int line = lineOf(text, run.start());
        SourceLocation where = SourceLocation.of(t.get().path(), line);
        String host = kwarg(args, "host", env);
        String portText = kwarg(args, "port", env);
        int def = call.equals("uvicorn.run") ? 8000 : call.equals("web.run_app") ? 8080 : 5000;
        String defHost = call.equals("web.run_app") ? "0.0.0.0" : "127.0.0.1";
        Result r = new Result(call.equals("uvicorn.run") ? "uvicorn" : call.equals("web.run_app") ? "aiohttp" : "python");
        Integer port = portText == null ? Integer.valueOf(def) : parsePort(portText);
        if (port == null) continue;
        r.add(port, host == null ? defHost : hostOf(host), Confidence.DEFAULT, call + "(" + (portText == null ? "" : "port=" + port) + ") in " + t.get().path().getFileName(), where);
        return r;
      }
      return null;
    }

    /** A keyword argument's value in a Python call: a literal, or os.environ.get("X", default) / os.getenv("X", default). */
    static String kwarg(String args, String name, Map<String, String> env) {
      Matcher m = Pattern.compile("\\b" + name + "\\s*=\\s*([^,)]+(?:\\([^)]*\\))?)").matcher(args);
      if (!m.find()) return null;
      String v = m.group(1).trim();
      Matcher e = Pattern.compile("(?:os\\.environ\\.get|os\\.getenv|environ\\.get|getenv)\\(\\s*[\"'](\\w+)[\"']\\s*(?:,\\s*[\"']?([\\w.]+)[\"']?)?").matcher(v);
      if (e.find()) {
        String ev = env.get(e.group(1));
        return ev != null ? ev : e.group(2);
      }
      Matcher lit = Pattern.compile("^(?:int\\()?[\"']?([\\w.:]+)[\"']?\\)?$").matcher(v);
      return lit.matches() ? lit.group(1) : null;
    }

    Result jsSource(String entry, Map<String, String> env) {
      List<String> candidates = new ArrayList<>(List.of(entry));
      if (!entry.matches(".*\\.(c|m)?[jt]s$")) {
        candidates.add(entry + ".js");
        candidates.add(entry + "/index.js");
      }
      if (entry.startsWith("dist/") || entry.startsWith("build/")) {
        String src = entry.replaceFirst("^(dist|build)/", "src/");
        candidates.add(src.replaceFirst("\\.js$", ".ts"));
        candidates.add(src);
      }
      for (String c : candidates) {
        Optional<ProjectFiles.Text> t = files.find(c);
        if (t.isEmpty()) continue;
        String text = t.get().text();
        Matcher m = Pattern.compile("process\\.env\\.(\\w*PORT\\w*)\\s*(?:\\|\\||\\?\\?)\\s*[\"']?(\\d{2,5})").matcher(text);
        if (m.find()) {
          Integer p = parsePort(env.get(m.group(1)));
          Result r = new Result("node");
          SourceLocation where = SourceLocation.of(t.get().path(), lineOf(text, m.start()));
          if (p != null) r.add(p, "0.0.0.0", Confidence.STATED, m.group(1) + "=" + p + " read by " + t.get().path().getFileName(), where);
          else r.add(Integer.parseInt(m.group(2)), "0.0.0.0", Confidence.DEFAULT, "default " + m.group(2) + " in " + t.get().path().getFileName(), where);
          return r;
        }
        Matcher l = Pattern.compile("\\.listen\\(\\s*(?:\\{\\s*port\\s*:\\s*)?(\\d{2,5})\\s*(?:,\\s*[\"']([\\d.]+|localhost)[\"'])?").matcher(text);
        if (l.find()) {
          Result r = new Result("node");
          r.add(Integer.parseInt(l.group(1)), l.group(2) == null ? "0.0.0.0" : hostOf(l.group(2)), Confidence.STATED,
              "listen(" + l.group(1) + ") in " + t.get().path().getFileName(), SourceLocation.of(t.get().path(), lineOf(text, l.start())));
          return r;
        }
        if (text.contains("process.env.PORT") && parsePort(env.get("PORT")) != null) {
          Result r = new Result("node");
          r.add(parsePort(env.get("PORT")), "0.0.0.0", Confidence.DEFAULT, "PORT=" + env.get("PORT") + " read by " + t.get().path().getFileName(), at);
          return r;
        }
      }
      return null;
    }

    Optional<String> packageMain() {
      return files.find("package.json").flatMap(t -> {
        Matcher m = Pattern.compile("\"main\"\\s*:\\s*\"([^\"]+)\"").matcher(t.text());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
      });
    }

    /** A program with {@code --host}/{@code --port}-like options and defaults. */
    Result hostPort(String name, List<String> a, Map<String, String> env, String hostOpt, String portOpt, String portOpt2, String portEnv, String defHost, int defPort) {
      String host = hostOpt == null ? null : opt(a, hostOpt);
      String port = portOpt2 == null ? opt(a, portOpt) : opt(a, portOpt, portOpt2);
      if (port == null && portEnv != null) port = env.get(portEnv);
      return hostPortResult(name, host, port, defHost, defPort, a);
    }

    Result hostPortResult(String name, String host, String port, String defHost, int defPort, List<String> a) {
      Result r = new Result(name);
      if (port == null) {
        if (defPort <= 0) return null;
        String h = host == null ? defHost : hostOf(host);
        r.add(defPort, h, host == null ? Confidence.DEFAULT : Confidence.STATED, name + (host == null ? "'s default " + (defHost == null ? "" : defHost + ":") + defPort : " --host " + host + ", default port " + defPort), at);
        return r;
      }
      Integer p = parsePort(port);
      if (p == null) {
        r.add(defPort, null, Confidence.GUESS, name + " port " + port + " (not resolved)", at);
        return r.listeners.get(0).port() > 0 ? r : null;
      }
      r.add(p, host == null ? defHost : hostOf(host), Confidence.STATED, name + " --port " + p + (host == null ? "" : " --host " + host), at);
      return r;
    }

    Result fixed(String name, int port, String evidence) {
      Result r = new Result(name);
      r.add(port, "0.0.0.0", Confidence.DEFAULT, evidence, at);
      return r;
    }

    Result fixedStated(String name, int port, String evidence) {
      Result r = new Result(name);
      r.add(port, "0.0.0.0", Confidence.STATED, evidence, at);
      return r;
    }

    Result none(String name) {
      return new Result(name);
    }

    void addBind(Result r, String bind, String defHost, int defPort, Confidence c, String evidence, SourceLocation where) {
      String b = bind.trim();
      if (b.startsWith("unix:") || b.startsWith("fd://")) return;
      b = b.replaceFirst("^tcp://", "").replaceFirst("^https?://", "");
      String host = defHost;
      String port;
      int colon = b.lastIndexOf(':');
      if (b.startsWith("[")) {
        int close = b.indexOf(']');
        host = b.substring(1, close);
        port = colon > close ? b.substring(colon + 1) : null;
      } else if (colon >= 0) {
        host = colon == 0 ? "0.0.0.0" : b.substring(0, colon);
        port = b.substring(colon + 1);
      } else if (b.matches("\\d+")) {
        port = b;
      } else {
        host = b;
        port = null;
      }
      Integer p = port == null ? Integer.valueOf(defPort) : parsePort(port);
      if (p == null) {
        if (defPort > 0) r.add(defPort, hostOf(host), Confidence.GUESS, evidence + " (port not resolved)", where);
        return;
      }
      r.add(p, hostOf(host), c, evidence, where);
    }
  }

  /** Listeners found for one recognised program; {@code known} even when empty (a worker). */
  private static final class Result {
    final String program;
    final List<Listener> listeners = new ArrayList<>();

    Result(String program) {
      this.program = program;
    }

    boolean known() {
      return true;
    }

    void add(int port, String host, Confidence c, String evidence, SourceLocation at) {
      if (port <= 0 || port > 65535) return;
      listeners.add(new Listener(port, host, c, evidence, at == null ? SourceLocation.UNKNOWN : at));
    }

    ServicePorts toPorts(String service) {
      return new ServicePorts(service, program, true, List.copyOf(listeners));
    }
  }

  // ---- small helpers shared by the recognisers ----

  static String basename(String word) {
    String w = word;
    int slash = w.lastIndexOf('/');
    return slash >= 0 ? w.substring(slash + 1) : w;
  }

  static String first(String a, String b) {
    return a != null ? a : b;
  }

  static String hostOf(String h) {
    if (h == null) return null;
    String x = h.trim();
    if (x.isEmpty() || x.equals("*") || x.equals("+") || x.equals("::") || x.equals("[::]") || x.equals("0")) return "0.0.0.0";
    if (x.equals("localhost")) return "127.0.0.1";
    return x;
  }

  public static Integer parsePort(String s) {
    if (s == null) return null;
    String t = s.trim();
    if (t.isEmpty() || t.length() > 5) return null;
    for (int i = 0; i < t.length(); i++) if (t.charAt(i) < '0' || t.charAt(i) > '9') return null;
    int p = Integer.parseInt(t);
    return p > 0 && p <= 65535 ? p : null;
  }

  /** The value of an option given as {@code --opt v}, {@code --opt=v} or {@code -pV} (single-letter only). */
  static String opt(List<String> a, String... names) {
    List<String> all = opts(a, names);
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  static List<String> opts(List<String> a, String... names) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      String x = a.get(i);
      for (String n : names) {
        if (x.equals(n) && i + 1 < a.size()) {
          out.add(a.get(i + 1));
        } else if (x.startsWith(n + "=")) {
          out.add(x.substring(n.length() + 1));
        } else if (n.length() == 2 && n.startsWith("-") && !n.startsWith("--") && x.startsWith(n) && x.length() > 2 && !x.startsWith("--")
            && Character.isDigit(x.charAt(2))) {
          out.add(x.substring(2));
        }
      }
    }
    return out;
  }

  static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < text.length(); i++) if (text.charAt(i) == '\n') line++;
    return line;
  }

  /** Whether a bind-mount or COPY places files under {@code containerDir}. */
  static boolean mountsTo(VolumeMount m, String containerDir) {
    return m.target() != null && (m.target().equals(containerDir) || m.target().startsWith(containerDir + "/"));
  }

}
