package dev.flotilla.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.model.LoadWarning;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class InterpolatorTest {
  static final SourceLocation AT = new SourceLocation(Path.of("/p/compose.yaml"), 7, 12);
  static final Map<String, String> VARS = Map.of("SET", "value", "EMPTY", "", "OTHER", "o");

  final List<LoadWarning> warnings = new ArrayList<>();

  String interp(String s) {
    return new Interpolator(VARS, warnings).interpolate(s, AT, "services.web.image");
  }

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "$SET|value",
        "${SET}|value",
        "pre-${SET}-post|pre-value-post",
        "$SET$OTHER|valueo",
        "${SET:-d}|value",
        "${EMPTY:-d}|d",
        "${UNSET:-d}|d",
        "[${EMPTY-d}]|[]",
        "${UNSET-d}|d",
        "${SET:+alt}|alt",
        "[${EMPTY:+alt}]|[]",
        "${EMPTY+alt}|alt",
        "[${UNSET+alt}]|[]",
        "${SET:?must be set}|value",
        "${EMPTY?must be set}|''",
        "${UNSET:-${OTHER}}|o",
        "${UNSET:-${ALSO_UNSET:-deep}}|deep",
        "${UNSET:-a b c}|a b c",
        "$$SET|$SET",
        "$${SET}|${SET}",
        "100$|100$",
        "a $ b|a $ b",
        "no variables|no variables",
      })
  void everyForm(String in, String out) {
    assertThat(interp(in)).isEqualTo(out.equals("''") ? "" : out);
    assertThat(warnings).isEmpty();
  }

  @Test
  void unsetWithoutDefaultIsEmptyWithAWarningNamingTheLine() {
    assertThat(interp("busybox:${TAG}")).isEqualTo("busybox:");
    assertThat(warnings).singleElement().satisfies(w -> {
      assertThat(w.location()).isEqualTo(AT);
      assertThat(w.message()).contains("\"TAG\" variable is not set").contains("services.web.image");
    });
  }

  @Test
  void requiredErrorsNameTheVariableTheMessageAndTheLine() {
    assertThatThrownBy(() -> interp("${DB_PASSWORD:?set it in .env}"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("DB_PASSWORD")
        .hasMessageContaining("set it in .env")
        .satisfies(e -> assertThat(((UserError) e).location()).isEqualTo(AT));
    assertThatThrownBy(() -> interp("${EMPTY:?empty is not enough}")).isInstanceOf(UserError.class).hasMessageContaining("EMPTY");
    assertThatThrownBy(() -> interp("${UNSET?x}")).isInstanceOf(UserError.class);
  }

  @ParameterizedTest
  @CsvSource({"${", "${}", "${1ABC}", "${SET", "${SET:}", "${SET:=x}"})
  void invalidFormatsAreErrorsThatSuggestDoubleDollar(String in) {
    assertThatThrownBy(() -> interp(in)).isInstanceOf(UserError.class).hasMessageContaining("invalid interpolation format").hasMessageContaining("$$");
  }

  @Test
  void keysAreNeverInterpolatedAndPlainValuesAreRetyped() {
    YNode.Map tree = (YNode.Map) YamlReader.readString(Path.of("/p/c.yaml"), "$SET: ${PORT}\nq: '${PORT}'\n").get(0);
    YNode.Map out = (YNode.Map) new Interpolator(Map.of("PORT", "8080", "SET", "x"), warnings).apply(tree, "");
    assertThat(out.has("$SET")).isTrue();
    assertThat(((YNode.Scalar) out.get("$SET")).kind()).isEqualTo(YNode.Scalar.Kind.INT);
    assertThat(((YNode.Scalar) out.get("q")).kind()).isEqualTo(YNode.Scalar.Kind.STRING);
    assertThat(((YNode.Scalar) out.get("q")).location().line()).isEqualTo(2);
  }
}
