package io.meshctl.core.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshctl.core.MeshctlException;
import io.meshctl.core.manifest.Document;
import io.meshctl.core.manifest.ManifestReader;
import io.meshctl.core.manifest.TreeCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The mesh-wide injection settings (Istio's values and MeshConfig), read from the bundled
 * {@link InjectionDefaults}, overlaid by the Istio inputs a cluster or files give ({@link IstioInputs}),
 * then by an {@code --injection-config} file of meshctl's own shape and by image flags. Per-pod
 * annotations are applied later, per workload ({@link PodSettings}).
 *
 * @param tree the merged settings; {@link #text}/{@link #integer} read them
 * @param proxyImage the full proxy image reference
 * @param initImage the full image of the iptables init container
 * @param legacyProxyImage the proxy image of the Istio 1.3 shape
 * @param legacyInitImage the {@code proxy_init} image of the Istio 1.3 shape
 * @param origin which settings these are and where they came from
 * @param legacy true when the settings are of an Istio 1.x release that injects meshctl's 1.x shape
 * @param notes what the user should know about how they were read, one sentence each
 */
public record InjectionConfig(JsonNode tree, String proxyImage, String initImage, String legacyProxyImage,
    String legacyInitImage, SettingsOrigin origin, boolean legacy, List<String> notes) {

  /** Image choices from the command line; null means "not given". */
  public record ImageOverrides(String hub, String tag, String proxyImage, String initImage) {
    public static final ImageOverrides NONE = new ImageOverrides(null, null, null, null);
  }

  /** The bundled defaults alone. */
  public static InjectionConfig defaults() {
    return load(null, ImageOverrides.NONE);
  }

  /** The bundled defaults overlaid by {@code file} (may be null) and the image flags. */
  public static InjectionConfig load(Path file, ImageOverrides images) {
    return load(null, SettingsOrigin.bundled(null), file, images, null);
  }

  /**
   * The bundled defaults, overlaid by Istio's inputs ({@code inputs}, may be null: {@code bundled}
   * says why), then {@code file} (may be null) and the image flags; {@code revision} (may be null)
   * replaces the inputs' own. A key of {@code file} the defaults do not have is an error, so a typo
   * does not silently do nothing.
   */
  public static InjectionConfig load(IstioInputs inputs, SettingsOrigin bundled, Path file, ImageOverrides images,
      String revision) {
    ObjectNode base = InjectionDefaults.tree();
    List<String> notes = new java.util.ArrayList<>();
    if (inputs != null) {
      IstioSettings.apply(base, inputs);
      notes.addAll(inputs.notes());
    }
    if (file != null) {
      JsonNode overlay = readFile(file);
      merge(base, overlay, file.toString(), "");
      if (overlay.has("statusPort") && !overlay.path("proxyConfig").has("statusPort")) {
        // meshctl's own file has one status port; Istio reads the agent's from the ProxyConfig, so it follows
        ((ObjectNode) base.get("proxyConfig")).set("statusPort", overlay.get("statusPort"));
      }
    }
    if (revision != null && !revision.isEmpty()) {
      base.put("revision", revision);
    }
    if (images.hub() != null) {
      base.put("hub", images.hub());
    }
    if (images.tag() != null) {
      base.put("tag", images.tag());
    }
    String hub = base.path("hub").asText();
    String variant = base.path("variant").asText();
    String tag = base.path("tag").asText() + (variant.isEmpty() || variant.equals("default") ? "" : "-" + variant);
    JsonNode legacy = base.path("legacy");
    String proxy = images.proxyImage() != null ? images.proxyImage() : image(hub, base.path("proxyImage").asText(), tag);
    String init = images.initImage() != null ? images.initImage() : image(hub, base.path("initImage").asText(), tag);
    // The 1.3 shape has its own release tag unless the user picked one.
    String legacyTag = images.tag() != null ? tag : legacy.path("tag").asText();
    String legacyProxy = images.proxyImage() != null ? images.proxyImage() : image(hub, base.path("proxyImage").asText(), legacyTag);
    String legacyInit = images.initImage() != null ? images.initImage() : image(hub, legacy.path("initImage").asText(), legacyTag);
    SettingsOrigin origin = inputs != null ? inputs.origin() : bundled;
    boolean isLegacy = inputs != null && IstioSettings.legacy(inputs);
    if (inputs != null && !isLegacy && inputs.singleTemplate()) {
      notes.add(origin.describe() + " injects a shape between meshctl's Istio 1.3 one and the current one: "
          + "meshctl uses the current one");
    }
    return new InjectionConfig(base, proxy, init, legacyProxy, legacyInit, origin, isLegacy, List.copyOf(notes));
  }

  /** Istio's {@code imageURL}: a name with a '/' is a full reference already. */
  private static String image(String hub, String name, String tag) {
    return name.contains("/") ? name : hub + "/" + name + ":" + tag;
  }

  private static JsonNode readFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new MeshctlException.NotFound(file + ": no such file (the --injection-config file)", e);
    } catch (IOException e) {
      throw new MeshctlException.NotFound(file + ": cannot read the --injection-config file: " + e.getMessage(), e);
    }
    List<Document> docs = ManifestReader.parse(text, file.toString());
    if (docs.size() != 1 || !docs.get(0).isObject()) {
      throw new MeshctlException.InvalidInput(file + ": an --injection-config file is one YAML map with the keys of "
          + "meshctl's bundled defaults (see 'meshctl inject --help')");
    }
    return docs.get(0).tree();
  }

  private static void merge(ObjectNode base, JsonNode overlay, String file, String prefix) {
    for (Iterator<Map.Entry<String, JsonNode>> it = overlay.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix + e.getKey();
      JsonNode current = base.get(e.getKey());
      if (current == null) {
        throw new MeshctlException.InvalidInput(file + ": unknown key '" + key + "' (known keys: "
            + String.join(", ", iterable(base.fieldNames())) + ")");
      }
      if (current.isObject() && !key.equals("resources") && !key.equals("proxyConfig") && !key.endsWith(".initResources")) {
        if (!e.getValue().isObject()) {
          throw new MeshctlException.InvalidInput(file + ": '" + key + "' must be a map");
        }
        merge((ObjectNode) current, e.getValue(), file, key + ".");
      } else if (current.isContainerNode() != e.getValue().isContainerNode()) {
        throw new MeshctlException.InvalidInput(file + ": '" + key + "' must be " + (current.isObject() ? "a map" : "a scalar"));
      } else {
        // resources is replaced whole, as Istio does when the proxy resources are set
        base.set(e.getKey(), e.getValue());
      }
    }
  }

  private static List<String> iterable(Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  /**
   * A sha256 of the effective settings, recorded by the Istio 1.3 status annotation. Computed when
   * asked: the security providers it wakes cost a few milliseconds that other shapes need not pay.
   */
  public String digest() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(TreeCodec.json(tree).getBytes(StandardCharsets.UTF_8));
      md.update(proxyImage.getBytes(StandardCharsets.UTF_8));
      md.update(initImage.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String text(String key) {
    return at(key).asText();
  }

  public int integer(String key) {
    return at(key).asInt();
  }

  public boolean bool(String key) {
    return at(key).asBoolean();
  }

  /** A dotted path into the settings, e.g. {@code readiness.periodSeconds}. */
  public JsonNode at(String dotted) {
    JsonNode n = tree;
    for (String part : dotted.split("\\.")) {
      n = n.path(part);
    }
    return n;
  }
}
