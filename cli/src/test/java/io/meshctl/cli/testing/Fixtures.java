package io.meshctl.cli.testing;

/** Small inputs several end-to-end tests share. */
public final class Fixtures {

  /** One plain Deployment that inject gives a sidecar: the smallest real inject input. */
  public static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
            - {name: web, image: nginx:1.27}
      """;

  private Fixtures() {
  }
}
