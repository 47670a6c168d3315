package dev.flotilla.check.report;

import dev.flotilla.check.Finding;
import dev.flotilla.model.Redactor;

/**
 * GitHub Actions workflow commands ({@code ::error file=…,line=…,col=…,title=…::message}), so
 * findings appear as annotations on the pull request's lines. CRITICAL and HIGH are errors,
 * MEDIUM warnings, LOW notices.
 */
public final class GithubReporter {
  private GithubReporter() {}

  public static String render(CheckReport report) {
    StringBuilder sb = new StringBuilder();
    for (Finding f : report.result().findings()) {
      String level = switch (f.severity()) {
        case CRITICAL, HIGH -> "error";
        case MEDIUM -> "warning";
        case LOW -> "notice";
      };
      StringBuilder props = new StringBuilder();
      String file = report.path(f.location());
      if (file != null) {
        props.append("file=").append(property(file));
        if (f.location().line() > 0) props.append(",line=").append(f.location().line());
        if (f.location().column() > 0) props.append(",col=").append(f.location().column());
        props.append(',');
      }
      props.append("title=").append(property(f.code() + " " + f.severity().lower() + (f.service() == null ? "" : " (" + f.service() + ")")));
      String message = Redactor.redactText(f.message());
      if (f.remedy() != null && !f.remedy().isBlank()) message += "\nfix: " + f.remedy();
      for (Finding.Related rel : f.related()) message += "\nsee " + report.where(rel.location()) + (rel.note() == null ? "" : ": " + rel.note());
      sb.append("::").append(level).append(' ').append(props).append("::").append(data(message)).append('\n');
    }
    long n = report.result().findings().size();
    sb.append(n == 0 ? "flotilla check: no findings" : "flotilla check: " + n + " findings").append('\n');
    return sb.toString();
  }

  static String data(String s) {
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  static String property(String s) {
    return data(s).replace(":", "%3A").replace(",", "%2C");
  }
}
