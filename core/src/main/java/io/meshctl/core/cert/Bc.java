package io.meshctl.core.cert;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The BouncyCastle provider, created on first use and handed to the builders that need it (PKCS#8
 * encryption). It is never added to {@code java.security.Security}: commands that never encrypt a
 * key do not pay for its start-up, and nothing else in the process sees it.
 */
final class Bc {

  private static Provider provider;

  private Bc() {
  }

  static synchronized Provider provider() {
    if (provider == null) {
      provider = new BouncyCastleProvider();
    }
    return provider;
  }
}
