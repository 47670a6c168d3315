package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.check.Checker;
import dev.flotilla.check.Rule;
import dev.flotilla.deploy.ServiceFailure;
import dev.flotilla.testing.CliRun;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code flotilla rules CODE} for the runtime-only codes that up, watch and explain report. */
class RulesCommandTest {
  @Test
  void everyCodeADeployCanReportIsExplained() {
    Set<String> rules = Checker.allRules().stream().map(r -> r.info().code()).collect(Collectors.toSet());
    for (ServiceFailure.Reason reason : ServiceFailure.Reason.values()) {
      String code = reason.genericCode();
      CliRun.Result r = CliRun.inProcess("rules", code);
      assertThat(r.code()).as(code + ": " + r.err()).isZero();
      if (!rules.contains(code)) {
        assertThat(r.out()).startsWith(code + ": a runtime-only code").contains(ServiceFailure.genericMeaning(code));
      }
    }
  }

  @Test
  void aCatalogueCodeShowsItsSignaturesCauseAndFix() {
    CliRun.Result r = CliRun.inProcess("rules", "res901");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("RES901: a runtime-only code").contains("signature resource.disk-full")
        .contains("cause: The disk Docker").contains("fix:   Free space");
  }

  @Test
  void anUnknownCodeIsAUsageError() {
    CliRun.Result r = CliRun.inProcess("rules", "XYZ999");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("XYZ999: no such rule or area");
    assertThat(Checker.allRules().stream().map(Rule::info).noneMatch(i -> i.code().equals("XYZ999"))).isTrue();
  }
}
