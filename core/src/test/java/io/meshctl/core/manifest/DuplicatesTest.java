package io.meshctl.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshctl.core.MeshctlException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream form inject uses: documents written back, repeats taken out. */
class DuplicatesTest {

  static final String POD = """
      apiVersion: v1
      kind: Pod
      metadata: {name: web}
      spec: {containers: [{name: app, image: nginx}]}
      """;

  @Test
  void aRepeatedDocumentIsDroppedAndARepeatInsideAListLeavesTheList() {
    List<Document> docs = ManifestReader.parse(POD + "---\n" + POD + """
        ---
        apiVersion: v1
        kind: List
        items:
        - {apiVersion: v1, kind: Pod, metadata: {name: web}, spec: {containers: [{image: nginx, name: app}]}}
        - {apiVersion: v1, kind: Pod, metadata: {name: other}, spec: {containers: [{name: app, image: nginx}]}}
        """, "in.yaml");
    Duplicates d = new Duplicates(null);
    assertThat(docs).extracting(d::keep).containsExactly(true, false, true);
    assertThat(docs.get(2).tree().path("items")).hasSize(1);
    assertThat(docs.get(2).tree().at("/items/0/metadata/name").asText()).isEqualTo("other");
  }

  @Test
  void aDifferentObjectUnderTheSameNameNamesBothPlaces() {
    List<Document> docs = ManifestReader.parse(POD + "---\n" + POD.replace("nginx", "httpd"), "in.yaml");
    Duplicates d = new Duplicates("default");
    assertThat(d.keep(docs.get(0))).isTrue();
    assertThatThrownBy(() -> d.keep(docs.get(1))).isInstanceOf(MeshctlException.InvalidInput.class)
        .hasMessage("in.yaml:1 and in.yaml:6 both define Pod default/web with different content: keep one");
  }

  @Test
  void sameNameInAnotherNamespaceOrKindIsAnotherObject() {
    List<Document> docs = ManifestReader.parse(POD + "---\n" + POD.replace("{name: web}", "{name: web, namespace: b}")
        + "---\n" + POD.replace("kind: Pod", "kind: Service"), "in.yaml");
    Duplicates d = new Duplicates(null);
    assertThat(docs).extracting(d::keep).containsExactly(true, true, true);
  }
}
