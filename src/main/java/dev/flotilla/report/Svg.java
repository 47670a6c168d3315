package dev.flotilla.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Inline SVG charts for the HTML reports: a timeline (one bar per row) and a bar chart. */
public final class Svg {
  private Svg() {}

  /** One bar of a timeline: a label, a start and an end (null: still running), and a CSS colour. */
  public record Span(String label, Instant start, Instant end, String color, String title) {}

  /** A timeline chart: rows of bars on a shared time axis from the earliest start to the latest end. */
  public static String timeline(List<Span> spans, Instant now) {
    if (spans.isEmpty()) return "";
    Instant min = spans.stream().map(Span::start).min(Instant::compareTo).orElseThrow();
    Instant max = spans.stream().map(s -> s.end() == null ? now : s.end()).max(Instant::compareTo).orElseThrow();
    double total = Math.max(1, max.toEpochMilli() - min.toEpochMilli());
    int labelW = 220;
    int width = 900;
    int plot = width - labelW - 20;
    int rowH = 24;
    int height = spans.size() * rowH + 40;
    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"timeline\" viewBox=\"0 0 ")
        .append(width).append(' ').append(height).append("\" width=\"").append(width).append("\" height=\"").append(height).append("\">");
    sb.append("<style>text{font:12px sans-serif;fill:#1d232a}</style>");
    for (int tick = 0; tick <= 4; tick++) {
      double x = labelW + plot * tick / 4.0;
      long ms = Math.round(total * tick / 4.0);
      sb.append(String.format("<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e1e4e8\"/>", x, x, height - 20));
      sb.append(String.format("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">+%s</text>", x, height - 5,
          Html.esc(Formatting.duration(ms))));
    }
    for (int i = 0; i < spans.size(); i++) {
      Span s = spans.get(i);
      Instant end = s.end() == null ? now : s.end();
      double x = labelW + plot * (s.start().toEpochMilli() - min.toEpochMilli()) / total;
      double w = Math.max(2, plot * (end.toEpochMilli() - s.start().toEpochMilli()) / total);
      int y = i * rowH + 4;
      sb.append(String.format("<text x=\"%d\" y=\"%d\">%s</text>", 4, y + 14, Html.esc(Formatting.oneLine(s.label(), 32))));
      sb.append(String.format("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"%s\"><title>%s</title></rect>",
          x, y, w, rowH - 8, s.color(), Html.esc(s.title())));
    }
    return sb.append("</svg>").toString();
  }

  /** A vertical bar chart of labelled counts (in the map's order). */
  public static String bars(Map<String, Long> values, String ariaLabel, String color) {
    if (values.isEmpty()) return "";
    int n = values.size();
    int barW = Math.max(8, Math.min(40, 860 / n - 6));
    int width = Math.max(300, n * (barW + 6) + 60);
    int plotH = 160;
    int height = plotH + 70;
    long max = Math.max(1, values.values().stream().mapToLong(Long::longValue).max().orElse(1));
    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"").append(Html.esc(ariaLabel))
        .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\">");
    sb.append("<style>text{font:11px sans-serif;fill:#1d232a}</style>");
    sb.append(String.format("<line x1=\"40\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#8c959f\"/>", plotH + 10, width - 10, plotH + 10));
    sb.append(String.format("<text x=\"34\" y=\"16\" text-anchor=\"end\">%d</text>", max));
    sb.append(String.format("<text x=\"34\" y=\"%d\" text-anchor=\"end\">0</text>", plotH + 10));
    int i = 0;
    for (Map.Entry<String, Long> e : values.entrySet()) {
      double h = plotH * e.getValue() / (double) max;
      double x = 46 + i * (barW + 6);
      sb.append(String.format("<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%s: %d</title></rect>",
          x, plotH + 10 - h, barW, h, color, Html.esc(e.getKey()), e.getValue()));
      if (e.getValue() > 0) {
        sb.append(String.format("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>", x + barW / 2.0, plotH + 6 - h, e.getValue()));
      }
      sb.append(String.format("<text transform=\"translate(%.1f,%d) rotate(45)\">%s</text>", x + barW / 2.0, plotH + 22,
          Html.esc(Formatting.oneLine(e.getKey(), 14))));
      i++;
    }
    return sb.append("</svg>").toString();
  }

  /** A line chart of one series per key over time, for score trends (values 0–100). */
  public static String trend(Map<String, List<Map.Entry<Instant, Integer>>> series) {
    if (series.isEmpty()) return "";
    Instant min = null;
    Instant max = null;
    for (var pts : series.values()) {
      for (var p : pts) {
        if (min == null || p.getKey().isBefore(min)) min = p.getKey();
        if (max == null || p.getKey().isAfter(max)) max = p.getKey();
      }
    }
    if (min == null) return "";
    double span = Math.max(1, max.toEpochMilli() - min.toEpochMilli());
    int width = 900;
    int plotW = 640;
    int plotH = 200;
    int height = Math.max(plotH + 40, series.size() * 16 + 30);
    String[] palette = {"#0969da", "#cf222e", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#1b7c83", "#57606a"};
    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"readiness trend\" viewBox=\"0 0 ")
        .append(width).append(' ').append(height).append("\" width=\"").append(width).append("\" height=\"").append(height).append("\">");
    sb.append("<style>text{font:11px sans-serif;fill:#1d232a}</style>");
    for (int v = 0; v <= 100; v += 25) {
      double y = 10 + plotH - plotH * v / 100.0;
      sb.append(String.format("<line x1=\"40\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e1e4e8\"/>", y, 40 + plotW, y));
      sb.append(String.format("<text x=\"34\" y=\"%.1f\" text-anchor=\"end\">%d</text>", y + 4, v));
    }
    int k = 0;
    for (var e : series.entrySet()) {
      String color = palette[k % palette.length];
      StringBuilder pts = new StringBuilder();
      for (var p : e.getValue()) {
        double x = 40 + plotW * (p.getKey().toEpochMilli() - min.toEpochMilli()) / span;
        double y = 10 + plotH - plotH * Math.max(0, Math.min(100, p.getValue())) / 100.0;
        pts.append(String.format("%.1f,%.1f ", x, y));
        sb.append(String.format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s %s: %d</title></circle>", x, y, color,
            Html.esc(e.getKey()), Formatting.time(p.getKey()), p.getValue()));
      }
      sb.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" points=\"").append(pts.toString().trim()).append("\"/>");
      sb.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>",
          60 + plotW, 10 + k * 16, color, 74 + plotW, 19 + k * 16, Html.esc(Formatting.oneLine(e.getKey(), 24))));
      k++;
    }
    return sb.append("</svg>").toString();
  }
}
