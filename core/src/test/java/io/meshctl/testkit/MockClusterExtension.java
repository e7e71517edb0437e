package io.meshctl.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh {@link MockCluster} for each test:
 * {@code @RegisterExtension final MockClusterExtension cluster = new MockClusterExtension(Flavour.CURRENT);}
 */
public final class MockClusterExtension implements BeforeEachCallback, AfterEachCallback {

  private final MockCluster.Flavour flavour;
  private MockCluster cluster;

  public MockClusterExtension(MockCluster.Flavour flavour) {
    this.flavour = flavour;
  }

  public MockCluster get() {
    if (cluster == null) {
      throw new IllegalStateException("the mock cluster runs only inside a test");
    }
    return cluster;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    cluster = MockCluster.start(flavour);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }
}
