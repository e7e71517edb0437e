package io.meshctl.core.inject;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshctl.core.manifest.Manifests;
import java.util.ArrayList;
import java.util.List;

/**
 * One webhook of an Istio sidecar-injector MutatingWebhookConfiguration: the API server calls it for
 * a new pod when its namespaceSelector matches the namespace's labels and its objectSelector the
 * pod's (inject.md §2.4). Istio's are the configurations named {@code istio-sidecar-injector[-rev]},
 * and revision tags' {@code istio-revision-tag-*}, whose webhooks are named {@code *sidecar-injector.istio.io}.
 *
 * @param revision the control-plane revision behind it ({@code istio.io/rev} label of the configuration; {@code default})
 */
public record InjectorWebhook(String configuration, String name, String revision, JsonNode namespaceSelector,
    JsonNode objectSelector) {

  /** {@code configuration/webhook}, for messages. */
  public String id() {
    return configuration + "/" + name;
  }

  /** Istio's injector webhooks among MutatingWebhookConfiguration objects, in the order listed. */
  public static List<InjectorWebhook> istio(List<? extends JsonNode> configurations) {
    List<InjectorWebhook> out = new ArrayList<>();
    for (JsonNode c : configurations) {
      String config = Manifests.text(c.path("metadata"), "name");
      String rev = Manifests.text(c.path("metadata").path("labels"), "istio.io/rev");
      for (JsonNode w : c.path("webhooks")) {
        String name = Manifests.text(w, "name");
        boolean istio = (config != null && config.contains(InjectorConfigMaps.INJECTOR))
            || (name != null && name.endsWith("sidecar-injector.istio.io"));
        if (istio) {
          out.add(new InjectorWebhook(config, name, rev == null || rev.isEmpty() ? "default" : rev,
              w.get("namespaceSelector"), w.get("objectSelector")));
        }
      }
    }
    return out;
  }
}
