package io.meshctl.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshctl.core.MeshctlException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeightSpecTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "v1=90 v2=10       | {v1=90, v2=10}",
      "v1=0 v2=100       | {v1=0, v2=100}",
      "v2=100            | {v2=100}",
      "a=50 b=30 canary=20 | {a=50, b=30, canary=20}"})
  void accepts(String args, String expected) {
    Map<String, Integer> w = WeightSpec.parse(List.of(args.trim().split(" +"))).weights();
    assertThat(w.toString()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "v1=90 v2=5        | the weights sum to 95, not 100",
      "v1=90 v2=20       | the weights sum to 110, not 100",
      "v1=0 v2=0         | the weights sum to 0, not 100",
      "v1=50             | the weights sum to 50, not 100",
      "v1=90.5 v2=9.5    | the weight of subset v1 must be a whole number from 0 to 100, not '90.5'",
      "v1=-10 v2=110     | the weight of subset v1 must be a whole number from 0 to 100, not '-10'",
      "v1=101 v2=0       | not '101'",
      "v1=ninety         | not 'ninety'",
      "v1=50 v1=50       | subset v1 is given twice",
      "v1:50 v2=50       | 'v1:50' is not SUBSET=WEIGHT",
      "=50 v2=50         | '=50' is not SUBSET=WEIGHT",
      "V1=50 v2=50       | 'V1' in 'V1=50' is not a valid subset name"})
  void rejectsWithExit65(String args, String message) {
    assertThatThrownBy(() -> WeightSpec.parse(List.of(args.trim().split(" +"))))
        .isInstanceOf(MeshctlException.InvalidInput.class).hasMessageContaining(message);
  }
}
