package dev.flotilla.deploy;

import dev.flotilla.model.Service;
import dev.flotilla.probe.ExecRunner;
import dev.flotilla.probe.Probe;
import dev.flotilla.probe.ProbeResult;
import dev.flotilla.probe.Probes;
import dev.flotilla.runtime.ExecResult;
import dev.flotilla.runtime.Instance;
import dev.flotilla.runtime.Runtime;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The health gate's prober: the probe package's probes ({@code x-flotilla.health}, else the compose
 * healthcheck run by Flotilla itself), with exec probes run by the runtime in the instance being
 * gated. A service with neither counts as healthy while it runs.
 */
public final class RuntimeProber implements HealthProber, AutoCloseable {
  private final Runtime runtime;
  private final Map<String, Instance> gated = new ConcurrentHashMap<>();
  private final Probes probes;

  public RuntimeProber(Runtime runtime) {
    this.runtime = runtime;
    this.probes = new Probes(new InstanceExec());
  }

  /** Exec probes of a service run in the instance currently being gated. */
  private final class InstanceExec implements ExecRunner {
    @Override
    public Result exec(String service, List<String> command, boolean shell, java.time.Duration timeout) throws IOException {
      Instance i = gated.get(service);
      if (i == null) throw new IOException("no instance of " + service + " to run the probe in");
      List<String> argv = shell ? List.of("/bin/sh", "-c", command.get(0)) : command;
      ExecResult r = runtime.exec(i, argv, timeout);
      return new Result(r.exitCode(), r.output(), r.timedOut());
    }
  }

  @Override
  public ProbeOutcome probe(Service service, Instance instance) {
    Optional<Probe> p = Probe.forService(service);
    if (p.isEmpty()) return new ProbeOutcome(true, "running", null, null, 0);
    gated.put(service.name(), instance);
    ProbeResult r = probes.run(p.get());
    String detail = r.ok() ? null : r.detail() + (r.excerpt() == null || r.excerpt().isBlank() ? "" : " — " + r.excerpt());
    return new ProbeOutcome(r.ok(), p.get().describe(), r.status(), detail, (long) r.latencyMillis());
  }

  @Override
  public String describe(Service service) {
    return Probe.forService(service).map(Probe::describe).orElse(null);
  }

  @Override
  public boolean cheap(Service service) {
    return Probe.forService(service).map(p -> !(p instanceof Probe.Exec)).orElse(false);
  }

  @Override
  public void close() {
    probes.close();
  }
}
