package dev.flotilla.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CatalogueTest {
  @Test
  void builtInLoadsAndIsLargeEnough() {
    Catalogue c = Catalogue.builtIn();
    assertThat(c.signatures()).hasSizeGreaterThanOrEqualTo(60);
    for (Signature s : c.signatures()) {
      int n = Integer.parseInt(s.code().substring(3));
      if (n >= 900) assertThat(s.rule()).as(s.id()).isNull();
      else assertThat(c.rules()).as(s.id()).containsKey(s.rule());
    }
  }

  @Test
  void coversEveryArea() {
    var areas = Catalogue.builtIn().signatures().stream().map(s -> s.code().substring(0, 3)).distinct().toList();
    assertThat(areas).contains("BLD", "HLT", "PRT", "DEP", "CFG", "SEC", "COD", "RES", "PRF");
  }

  private static Catalogue parse(String yaml) {
    return Catalogue.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  private static final String HEAD = "rules:\n  COD004: import not provided\nsignatures:\n";

  @Test
  void errorsNameTheEntry() {
    assertThatThrownBy(() -> parse(HEAD + "- id: a\n  title: t\n  match: {line: 'x(', keywords: [x]}\n  code: COD004\n  category: code\n  severity: high\n  cause: c\n  fix: f\n"))
        .hasMessageContaining("(a)").hasMessageContaining("not a valid regex");
    assertThatThrownBy(() -> parse(HEAD + "- id: a\n  title: t\n  match: {line: 'x'}\n  code: COD004\n  category: code\n  severity: high\n  cause: c\n  fix: f\n"))
        .hasMessageContaining("keywords");
    assertThatThrownBy(() -> parse(HEAD + "- id: a\n  title: t\n  match: {line: 'x', keywords: [x]}\n  code: COD007\n  category: code\n  severity: high\n  cause: c\n  fix: f\n"))
        .hasMessageContaining("COD007");
    assertThatThrownBy(() -> parse(HEAD + "- id: a\n  title: t\n  match: {line: 'x', keywords: [x]}\n  code: COD004\n  category: code\n  severity: high\n  cause: '{nope}'\n  fix: f\n"))
        .hasMessageContaining("{nope}");
    assertThatThrownBy(() -> parse(HEAD + "- id: a\n  title: t\n  match: {line: 'x', keywords: [x], when: local-host}\n  code: COD004\n  category: code\n  severity: high\n  cause: c\n  fix: f\n"))
        .hasMessageContaining("host");
  }
}
