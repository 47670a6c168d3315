package dev.flotilla.model;

import java.util.List;

/**
 * What the container runs, as far as source scanning needs it: the full argv (ENTRYPOINT + CMD,
 * compose overrides applied), the working directory inside the image, and how a Python/Node
 * program is started: {@code SCRIPT} ({@code python main.py}: {@code target} is the image path of
 * the script), {@code MODULE} ({@code python -m app.main}), {@code APP} ({@code uvicorn app.main:app}:
 * {@code target} is the module), {@code OTHER}. {@code executable} is argv's program after any
 * shell wrapper ({@code sh -c "… && exec uvicorn …"} gives {@code uvicorn}).
 */
public record EntryPoint(
    List<String> argv, String workdir, Kind kind, String executable, String target, SourceLocation location) {
  public enum Kind {
    SCRIPT,
    MODULE,
    APP,
    OTHER,
    UNKNOWN
  }

  public static final EntryPoint UNKNOWN = new EntryPoint(List.of(), "/", Kind.UNKNOWN, null, null, SourceLocation.UNKNOWN);
}
