package io.meshctl.core.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.ManifestReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Istio's own injector inputs, as a cluster stores them or as files of them: the Helm {@code values}
 * of the {@code istio-sidecar-injector} ConfigMap, the MeshConfig of the {@code istio} ConfigMap, and
 * whether its {@code config} is a 1.x single {@code template} or the later {@code templates} map.
 * {@link IstioSettings} turns them into meshctl's settings.
 *
 * @param values the Helm values (an empty object when none were read)
 * @param mesh the MeshConfig (an empty object when none was read)
 * @param config the injector's {@code config} (policy, never/always selectors, templates); an empty object when
 *     none was read
 * @param singleTemplate true when the injector config has one {@code template} (Istio 1.0 to 1.7)
 * @param origin where they came from
 * @param notes what the user should know about how they were read, one sentence each
 */
public record IstioInputs(ObjectNode values, ObjectNode mesh, ObjectNode config, boolean singleTemplate, SettingsOrigin origin,
    List<String> notes) {

  /**
   * From files, each may be null: istioctl's {@code --valuesFile}, {@code --meshConfigFile},
   * {@code --injectConfigFile}. Each may also be the ConfigMap itself ({@code kubectl get cm -o yaml}),
   * whose {@code values}/{@code mesh}/{@code config} key is then read.
   */
  public static IstioInputs fromFiles(Path valuesFile, Path meshFile, Path injectConfigFile, String flagNames) {
    List<String> notes = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    ObjectNode values = Trees.F.objectNode();
    ObjectNode mesh = Trees.F.objectNode();
    ObjectNode injectConfig = Trees.F.objectNode();
    boolean single = false;
    if (injectConfigFile != null) {
      ObjectNode file = map(injectConfigFile, "--injectConfigFile");
      JsonNode data = file.path("data");
      ObjectNode config = file;
      if ("ConfigMap".equals(file.path("kind").asText())) {
        config = data.hasNonNull("config") ? parse(data.get("config").asText(), injectConfigFile + ": data.config") : Trees.F.objectNode();
        if (data.hasNonNull("values")) {
          values = parse(data.get("values").asText(), injectConfigFile + ": data.values");
        }
      }
      single = config.has("template") && !config.has("templates");
      injectConfig = config;
      if (config.has("values") && config.get("values") instanceof ObjectNode v) {
        values = v;
      }
      sources.add("file " + injectConfigFile);
      notes.add(injectConfigFile + ": the Go template" + (single ? "" : "s") + " in it " + (single ? "is" : "are")
          + " not evaluated: meshctl renders its built-in equivalent of Istio's templates with the settings read");
    }
    if (valuesFile != null) {
      ObjectNode file = map(valuesFile, "--injection-values");
      values = "ConfigMap".equals(file.path("kind").asText())
          ? parse(file.path("data").path("values").asText("{}"), valuesFile + ": data.values") : file;
      if (values.has("spec") && values.path("spec").has("values")) { // an IstioOperator
        values = (ObjectNode) values.path("spec").path("values");
      }
      sources.add("file " + valuesFile);
    }
    if (meshFile != null) {
      ObjectNode file = map(meshFile, "--mesh-config");
      mesh = "ConfigMap".equals(file.path("kind").asText())
          ? parse(file.path("data").path("mesh").asText("{}"), meshFile + ": data.mesh") : file;
      sources.add("mesh config from file " + meshFile);
    }
    String release = IstioSettings.release(values);
    return new IstioInputs(values, mesh, injectConfig, single, new SettingsOrigin(release, String.join(", ", sources), null),
        notes);
  }

  private static ObjectNode map(Path file, String flag) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new MeshctlException.NotFound(file + ": no such file (the " + flag + " file)", e);
    } catch (IOException e) {
      throw new MeshctlException.NotFound(file + ": cannot read the " + flag + " file: " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /** One YAML or JSON map (a ConfigMap's values are JSON, its mesh YAML); an empty text is an empty map. */
  static ObjectNode parse(String text, String where) {
    List<Document> docs = new ArrayList<>();
    for (Document d : ManifestReader.parse(text, where)) {
      if (!d.isEmpty()) {
        docs.add(d);
      }
    }
    if (docs.isEmpty()) {
      return Trees.F.objectNode();
    }
    if (docs.size() != 1 || !(docs.get(0).tree() instanceof ObjectNode o)) {
      throw new MeshctlException.InvalidInput(where + ": expected one YAML or JSON map of Istio settings");
    }
    return o;
  }
}
