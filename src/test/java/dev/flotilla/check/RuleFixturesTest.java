package dev.flotilla.check;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** Every fixture under src/test/resources/check/CODE/…: the findings must be exactly the expected ones. */
class RuleFixturesTest {
  @TestFactory
  Stream<DynamicNode> fixtures() {
    return FixtureHarness.everyFixture();
  }
}
