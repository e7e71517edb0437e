package io.meshctl.nativeimage;

import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeClassInitialization;

/**
 * Puts BouncyCastle's provider into the native image at build time. BouncyCastle finds its
 * algorithms by reflection on class names from the provider's tables; registering the provider
 * while the image is built lets the analysis see those classes, and the binary starts with the
 * provider already in {@link Security}'s list (the cert commands' {@code addProvider} is then a
 * no-op). The DRBG classes that seed themselves from entropy are initialised at run time instead,
 * see native-image.properties next to this feature. Only on the native-image class path.
 */
public final class BouncyCastleFeature implements Feature {

  @Override
  public String getDescription() {
    return "Registers the BouncyCastle JCA provider at image build time";
  }

  @Override
  public void afterRegistration(AfterRegistrationAccess access) {
    RuntimeClassInitialization.initializeAtBuildTime("org.bouncycastle");
    Security.addProvider(new BouncyCastleProvider());
  }
}
