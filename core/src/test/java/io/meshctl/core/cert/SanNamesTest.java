package io.meshctl.core.cert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SanNamesTest {

  @ParameterizedTest(name = "{0} covered by {1}: {2}")
  @CsvSource({
      "blog.datadoc.info, blog.datadoc.info, true",
      "BLOG.datadoc.info, blog.datadoc.info, true",
      "blog.datadoc.info, *.datadoc.info, true",
      "datadoc.info, *.datadoc.info, false",
      "a.b.datadoc.info, *.datadoc.info, false",
      "*.datadoc.info, *.datadoc.info, true",
      "*.datadoc.info, blog.datadoc.info, false",
      "www.example.com, blog.datadoc.info, false"})
  void wildcardCoversExactlyOneLabel(String host, String san, boolean covered) {
    assertThat(SanNames.covered(host, List.of(san))).isEqualTo(covered);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "blog.datadoc.info|",
      "*.datadoc.info|",
      "*.info|registrable",
      "foo.*.info|whole left-most label",
      "f*.datadoc.info|whole left-most label",
      "-bad.example.com|not a DNS label"})
  void hostValidation(String host, String problem) {
    if (problem == null) {
      assertThat(SanNames.problem(host)).isNull();
    } else {
      assertThat(SanNames.problem(host)).contains(problem);
    }
  }
}
