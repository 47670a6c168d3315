package dev.flotilla.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.diagnose.Diagnosis;
import dev.flotilla.model.Redactor;
import java.time.Instant;
import java.util.Locale;

/** The JSON the watcher posts to a webhook and writes into event details. */
final class Payloads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Payloads() {}

  static String alert(String project, Alert a, Diagnosis d, String rolledBack, String rollbackFailure) {
    Trigger t = a.root();
    ObjectNode n = JSON.createObjectNode();
    n.put("event", "alert");
    n.put("project", project);
    n.put("service", t.service());
    n.put("trigger", t.kind().lower());
    n.put("value", t.value());
    n.put("threshold", t.threshold());
    n.put("detail", Redactor.redactText(t.detail()));
    n.put("at", t.at().toString());
    n.putArray("affected").addAll(a.affected().stream().map(JSON.getNodeFactory()::textNode).toList());
    if (t.evidence() != null) {
      n.put("probe", t.evidence().probe().describe());
      if (t.evidence().status() != null) n.put("status", t.evidence().status());
      n.put("latencyMs", Math.round(t.evidence().latencyMillis() * 100) / 100.0);
    }
    if (d != null) {
      ObjectNode dn = n.putObject("diagnosis");
      dn.put("code", d.code());
      dn.put("title", d.title());
      dn.put("category", d.category().name().toLowerCase(Locale.ROOT));
      dn.put("severity", d.severity().name().toLowerCase(Locale.ROOT));
      dn.put("cause", d.cause());
      dn.put("fix", d.fix());
    }
    if (rolledBack != null || rollbackFailure != null) {
      ObjectNode r = n.putObject("rollback");
      r.put("ok", rollbackFailure == null);
      r.put("detail", rollbackFailure == null ? rolledBack : rollbackFailure);
    }
    return write(n);
  }

  static String recovered(String project, String service, Instant at) {
    ObjectNode n = JSON.createObjectNode();
    n.put("event", "recovered");
    n.put("project", project);
    n.put("service", service);
    n.put("at", at.toString());
    return write(n);
  }

  static String message(String text) {
    ObjectNode n = JSON.createObjectNode();
    n.put("message", Redactor.redactText(text));
    return write(n);
  }

  private static String write(ObjectNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
