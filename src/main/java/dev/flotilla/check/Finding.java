package dev.flotilla.check;

import dev.flotilla.model.Category;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/**
 * One problem found before deploy. {@code related} points at the other file(s) involved (the
 * compose line behind a Dockerfile finding, say); {@code remedy} says what to do in words;
 * {@code fix} is the automatic fix, null when none is safe.
 */
public record Finding(
    String code,
    Severity severity,
    Category category,
    String service,
    String message,
    SourceLocation location,
    List<Related> related,
    String remedy,
    Fix fix) {

  /** Another location that explains the finding, with a short note. */
  public record Related(SourceLocation location, String note) {}

  public static Builder builder(
      String code, Severity severity, Category category, String service, String message, SourceLocation at) {
    return new Builder(code, severity, category, service, message, at);
  }

  public static final class Builder {
    private final String code;
    private Severity severity;
    private final Category category;
    private final String service;
    private final String message;
    private final SourceLocation location;
    private final List<Related> related = new ArrayList<>();
    private String remedy;
    private Fix fix;

    private Builder(String code, Severity severity, Category category, String service, String message, SourceLocation at) {
      this.code = code;
      this.severity = severity;
      this.category = category;
      this.service = service;
      this.message = message;
      this.location = at == null ? SourceLocation.UNKNOWN : at;
    }

    public Builder severity(Severity s) {
      this.severity = s;
      return this;
    }

    public Builder related(SourceLocation at, String note) {
      if (at != null && at.known()) related.add(new Related(at, note));
      return this;
    }

    public Builder remedy(String text) {
      this.remedy = text;
      return this;
    }

    public Builder fix(Fix f) {
      this.fix = f;
      return this;
    }

    public Finding build() {
      return new Finding(code, severity, category, service, message, location, List.copyOf(related), remedy, fix);
    }
  }
}
