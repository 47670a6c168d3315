package dev.flotilla.check;

import dev.flotilla.model.Category;
import dev.flotilla.model.Severity;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A rule's metadata, beside its logic: {@code flotilla rules} and {@code docs/rules/CODE.md} are
 * generated from it, so the two cannot drift.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RuleInfo {
  String code();

  Severity severity();

  Category category();

  /** One line: what is wrong. */
  String title();

  /** Why it breaks a deployment, in a few sentences. */
  String explanation();

  /** A short failing example (compose or Dockerfile text). */
  String example() default "";

  /** How to fix it by hand. */
  String fix() default "";

  /** True when the rule offers an automatic fix for {@code flotilla check --fix}. */
  boolean fixable() default false;
}
