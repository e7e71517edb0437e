package io.meshctl.core.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.ManifestReader;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelSelectorTest {

  private static final Map<String, String> WEB = Map.of("app", "wordpress", "tier", "frontend", "version", "v1");
  private static final Map<String, String> DB = Map.of("app", "wordpress", "tier", "mysql");

  /** selector; canonical form; selects WEB; selects DB. */
  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(delimiter = ';', value = {
      "app=wordpress; app=wordpress; true; true",
      "app==wordpress; app=wordpress; true; true",
      "app = wordpress , tier!=mysql; app=wordpress,tier!=mysql; true; false",
      "tier in (mysql, frontend); tier in (frontend,mysql); true; true",
      "tier notin (mysql); tier notin (mysql); true; false",
      "version; version; true; false",
      "!version; !version; false; true",
      "app=wordpress,tier in (x,mysql),!version; app=wordpress,tier in (mysql,x),!version; false; true",
      "example.com/team=a; example.com/team=a; false; false",
      "app=; app=; false; false",
      "'  '; ''; true; true"})
  void parsesMatchesAndPrintsAsTheApiServerTakesIt(String text, String canonical, boolean web, boolean db) {
    LabelSelector s = LabelSelector.parse(text);
    assertThat(s.toString()).isEqualTo(canonical);
    assertThat(s.matches(WEB)).isEqualTo(web);
    assertThat(s.matches(DB)).isEqualTo(db);
    assertThat(LabelSelector.parse(s.toString())).isEqualTo(s);
  }

  @Test
  void numericComparisons() {
    assertThat(LabelSelector.parse("gen>2").matches(Map.of("gen", "3"))).isTrue();
    assertThat(LabelSelector.parse("gen<2").matches(Map.of("gen", "3"))).isFalse();
    assertThat(LabelSelector.parse("gen>2").matches(Map.of("gen", "x"))).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "app=a,,b=c; an empty term",
      "app=a b; 'app=a b': 'a b' is not a label value",
      "tier in (a,b; the set must end with ')'",
      "-app=x; '-app' is not a label key",
      "app~x; 'app~x' is not a label key",
      "app x; 'app x' is not KEY, !KEY, KEY=VALUE",
      "gen>x; takes a whole number"})
  void malformedSelectorsAreUsageErrorsNamingTheTerm(String text, String why) {
    assertThatThrownBy(() -> LabelSelector.parse(text)).isInstanceOf(MeshctlException.Usage.class)
        .hasMessageStartingWith("invalid label selector \"" + text + "\": ").hasMessageContaining(why);
  }

  @Test
  void aWorkloadSelectorWithMatchExpressions() {
    var spec = ManifestReader.parse("""
        matchLabels: {app: wordpress}
        matchExpressions:
        - {key: tier, operator: In, values: [mysql, cache]}
        - {key: canary, operator: DoesNotExist}
        """, "s.yaml").get(0).tree();
    LabelSelector s = LabelSelector.of(spec, "deployment \"db\"");
    assertThat(s.toString()).isEqualTo("app=wordpress,tier in (cache,mysql),!canary");
    assertThat(s.matches(DB)).isTrue();
    assertThat(s.matches(WEB)).isFalse();
  }

  @Test
  void aWorkloadWithoutSelectorOrWithABadOperatorIsInvalidInput() {
    assertThatThrownBy(() -> LabelSelector.of(null, "job \"x\"")).isInstanceOf(MeshctlException.InvalidInput.class)
        .hasMessage("job \"x\" has no spec.selector: cannot tell which pods are its");
    var bad = ManifestReader.parse("matchExpressions: [{key: a, operator: Near}]", "s.yaml").get(0).tree();
    assertThatThrownBy(() -> LabelSelector.of(bad, "deployment \"x\"")).isInstanceOf(MeshctlException.InvalidInput.class)
        .hasMessageContaining("operator Near");
  }
}
