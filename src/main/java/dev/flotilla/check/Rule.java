package dev.flotilla.check;

import dev.flotilla.model.Stack;
import java.util.List;

/** One check: a pure function from the project model to findings. Metadata is its {@link RuleInfo}. */
public interface Rule {

  List<Finding> check(Stack stack);

  /**
   * Whether this rule reads application sources ({@code SourceFacts}) or the project's file
   * listing ({@code FileTree}), both of which the source scan produces. The checker starts the scan
   * on a second thread before running the rules and runs these rules last, so the scan overlaps
   * the others instead of a rule waiting for it. Only timing depends on it;
   * {@code RuleSourcesDeclaredTest} keeps it true.
   */
  default boolean readsSources() {
    return false;
  }

  default RuleInfo info() {
    RuleInfo info = getClass().getAnnotation(RuleInfo.class);
    if (info == null) throw new IllegalStateException(getClass() + " lacks @RuleInfo");
    return info;
  }

  /** A finding of this rule with its default severity. */
  default Finding.Builder finding(String service, String message, dev.flotilla.model.SourceLocation at) {
    RuleInfo i = info();
    return Finding.builder(i.code(), i.severity(), i.category(), service, message, at);
  }
}
