package dev.flotilla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.deploy.DeployEvent;
import dev.flotilla.deploy.DeployListener;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Live progress of a deployment. On a terminal one line per service of the current phase,
 * rewritten in place (phase, state, health, elapsed); elsewhere plain timestamped lines; with
 * {@code --format json} one JSON object per event on standard output.
 */
final class DeployProgress implements DeployListener {
  enum Mode {
    TTY,
    PLAIN,
    JSON,
    QUIET
  }

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Mode mode;
  private final PrintWriter out;
  private final Console console;
  private final Map<String, String> block = new LinkedHashMap<>();
  private int blockLines;

  DeployProgress(Mode mode, Console console) {
    this.mode = mode;
    this.console = console;
    this.out = mode == Mode.JSON ? console.out() : null;
  }

  static Mode choose(boolean json, Console console) {
    if (json) return Mode.JSON;
    if (console.quiet()) return Mode.QUIET;
    boolean tty = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    return tty ? Mode.TTY : Mode.PLAIN;
  }

  @Override
  public synchronized void on(DeployEvent e) {
    switch (mode) {
      case QUIET -> { }
      case JSON -> json(e);
      case PLAIN -> console.info(TIME.format(e.at()) + "  " + plain(e));
      case TTY -> tty(e);
    }
  }

  private void json(DeployEvent e) {
    ObjectNode o = JSON.createObjectNode();
    o.put("at", e.at().toString());
    o.put("event", e.kind());
    if (e.service() != null) o.put("service", e.service());
    if (e.phase() > 0) o.put("phase", e.phase());
    if (e.state() != null) o.put("state", e.state());
    if (e.health() != null) o.put("health", e.health());
    if (e.message() != null) o.put("message", e.message());
    o.put("elapsed_ms", e.elapsed().toMillis());
    out.println(o.toString());
    out.flush();
  }

  static String plain(DeployEvent e) {
    StringBuilder sb = new StringBuilder();
    if (e.phase() > 0) sb.append("phase ").append(e.phase()).append("  ");
    if (e.service() != null) sb.append(e.service()).append("  ");
    sb.append(e.state() == null ? e.kind() : e.state());
    if (e.health() != null) sb.append(" / ").append(e.health());
    if (e.message() != null && !e.message().isBlank()) sb.append("  ").append(e.message());
    sb.append("  (").append(seconds(e)).append(')');
    return sb.toString();
  }

  private static String seconds(DeployEvent e) {
    return String.format(java.util.Locale.ROOT, "%.1fs", e.elapsed().toMillis() / 1000.0);
  }

  private void tty(DeployEvent e) {
    if ("phase.start".equals(e.kind())) {
      closeBlock();
      console.info(console.paint("1", "phase " + e.phase()) + "  " + e.message());
      return;
    }
    if (e.service() != null && e.phase() > 0 && !e.kind().startsWith("rollback") && !"build".equals(e.kind())) {
      String colour = "service.failed".equals(e.kind()) ? "31" : "service.healthy".equals(e.kind()) ? "32" : "33";
      String line = String.format("  %-24s %-14s %-10s %6s  %s", e.service(), e.state() == null ? "" : e.state(),
          e.health() == null ? "" : e.health(), seconds(e), e.message() == null ? "" : cut(e.message(), 90));
      block.put(e.service(), console.paint(colour, line));
      redraw();
      return;
    }
    closeBlock();
    console.info(plain(e));
  }

  private void redraw() {
    StringBuilder sb = new StringBuilder();
    if (blockLines > 0) sb.append("\u001b[").append(blockLines).append('A');
    List<String> lines = new ArrayList<>(block.values());
    for (String l : lines) sb.append("\r\u001b[2K").append(l).append('\n');
    blockLines = lines.size();
    System.err.print(sb);
    System.err.flush();
  }

  private void closeBlock() {
    block.clear();
    blockLines = 0;
  }

  private static String cut(String s, int n) {
    String t = s.replaceAll("\\s+", " ");
    return t.length() > n ? t.substring(0, n) + "…" : t;
  }
}
