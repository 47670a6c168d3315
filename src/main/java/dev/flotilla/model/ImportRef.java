package dev.flotilla.model;

import java.util.List;

/**
 * One import statement of a source file. {@code module} is the dotted module (Python) or the
 * specifier (Node: {@code express}, {@code ./db}); {@code level} counts the leading dots of a
 * Python relative import; {@code names} are the names of {@code from m import a, b} (empty for
 * {@code import m}); {@code alias} is {@code import m as alias}. {@code guarded} is true when the
 * import sits in a {@code try} whose handler catches ImportError, so a missing module degrades
 * instead of crashing; {@code typeCheckingOnly} when it sits under {@code if TYPE_CHECKING:}.
 */
public record ImportRef(
    String module,
    int level,
    List<Name> names,
    String alias,
    boolean guarded,
    boolean typeCheckingOnly,
    SourceLocation location) {

  /** One imported name, with its own position (names of a parenthesized import span lines). */
  public record Name(String name, String alias, SourceLocation location) {}

  public boolean relative() {
    return level > 0 || module.startsWith("./") || module.startsWith("../");
  }

  /** The first component of the module: {@code a} for {@code a.b.c}, the package for {@code @scope/pkg/x}. */
  public String topLevel() {
    if (module.startsWith("@")) {
      String[] p = module.split("/");
      return p.length >= 2 ? p[0] + "/" + p[1] : module;
    }
    int cut = module.indexOf(module.contains("/") ? '/' : '.');
    return cut < 0 ? module : module.substring(0, cut);
  }
}
