package io.meshctl.core.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The kubeconfig's PEM material turned into a TLS socket factory with the JDK alone. The cert
 * package's {@code Pem} reads keys through BouncyCastle, which costs ~100 ms of start-up that a
 * {@code route show} should not pay; here PKCS#1 and SEC1 keys are wrapped into PKCS#8 with a few
 * bytes of DER, which the JDK's KeyFactory reads. Encrypted keys are not supported (kubectl does not
 * read them either).
 */
final class PemTls {

  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
  private static final byte[] OID_RSA = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01};
  private static final byte[] OID_RSA_PSS = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x0A};
  private static final byte[] OID_EC = {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};
  private static final byte[] OID_ED25519 = {0x2B, 0x65, 0x70};
  private static final byte[] OID_ED448 = {0x2B, 0x65, 0x71};

  /** What insecure-skip-tls-verify means for the host name: no check, as kubectl. */
  static final HostnameVerifier ANY_HOST = (host, session) -> true;

  private PemTls() {
  }

  /**
   * The socket factory for a cluster: trust {@code ca} (null: the JDK's roots) or everything when
   * {@code insecure}; present {@code chain} with {@code key} when the server asks for a client
   * certificate (both null: none).
   */
  static SSLSocketFactory socketFactory(List<X509Certificate> ca, boolean insecure, PrivateKey key,
      List<X509Certificate> chain) throws GeneralSecurityException {
    TrustManager[] trust = null;
    if (insecure) {
      trust = new TrustManager[] {new TrustAll()};
    } else if (ca != null) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      try {
        store.load(null, null);
      } catch (java.io.IOException e) {
        throw new GeneralSecurityException(e);
      }
      for (int i = 0; i < ca.size(); i++) {
        store.setCertificateEntry("ca-" + i, ca.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      trust = tmf.getTrustManagers();
    }
    KeyManager[] keys = key == null ? null : new KeyManager[] {new ClientKey(key, chain)};
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys, trust, null);
    return tls.getSocketFactory();
  }

  /** Every CERTIFICATE block of a PEM text (a CA bundle may hold several; text between blocks is ignored). */
  static List<X509Certificate> certificates(byte[] pem, String source) throws GeneralSecurityException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> certs = new ArrayList<>();
    Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
    while (m.find()) {
      if (m.group(1).equals("CERTIFICATE")) {
        certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(decode(m.group(2), source))));
      }
    }
    if (certs.isEmpty()) {
      throw new CertificateException(source + " holds no PEM CERTIFICATE block");
    }
    return certs;
  }

  /** The first private key of a PEM text: PKCS#8 {@code PRIVATE KEY}, PKCS#1 {@code RSA PRIVATE KEY} or SEC1 {@code EC PRIVATE KEY}. */
  static PrivateKey privateKey(byte[] pem, String source) throws GeneralSecurityException {
    Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
    while (m.find()) {
      String type = m.group(1);
      if (!type.endsWith("PRIVATE KEY")) {
        continue; // e.g. EC PARAMETERS before the key, as openssl ecparam -genkey writes
      }
      if (m.group(2).contains(":")) {
        throw new InvalidKeySpecException(source + " holds an encrypted " + type); // Proc-Type/DEK-Info headers
      }
      byte[] der = decode(m.group(2), source);
      try {
        return switch (type) {
          case "PRIVATE KEY" -> pkcs8(der, source);
          case "RSA PRIVATE KEY" -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
              sequence(VERSION_0, sequence(tlv(0x06, OID_RSA), new byte[] {0x05, 0x00}), tlv(0x04, der))));
          case "EC PRIVATE KEY" -> KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
              sequence(VERSION_0, sequence(tlv(0x06, OID_EC), sec1Curve(der, source)), tlv(0x04, der))));
          default -> throw new InvalidKeySpecException(source + " holds a " + type + ", which meshctl cannot read");
        };
      } catch (RuntimeException e) {
        // malformed DER walks off the end of the array
        throw new InvalidKeySpecException(source + ": the " + type + " block is not valid DER", e);
      }
    }
    throw new InvalidKeySpecException(source + " holds no PEM private key block");
  }

  private static PrivateKey pkcs8(byte[] der, String source) throws GeneralSecurityException {
    // PrivateKeyInfo ::= SEQUENCE { version INTEGER, algorithm SEQUENCE { OID, params }, key OCTET STRING }
    int[] info = header(der, 0);
    int[] version = header(der, info[0]);
    int[] algorithm = header(der, version[1]);
    int[] oid = header(der, algorithm[0]);
    byte[] id = Arrays.copyOfRange(der, oid[0], oid[1]);
    String name;
    if (Arrays.equals(id, OID_RSA)) {
      name = "RSA";
    } else if (Arrays.equals(id, OID_RSA_PSS)) {
      name = "RSASSA-PSS";
    } else if (Arrays.equals(id, OID_EC)) {
      name = "EC";
    } else if (Arrays.equals(id, OID_ED25519) || Arrays.equals(id, OID_ED448)) {
      name = "EdDSA";
    } else {
      throw new InvalidKeySpecException(source + ": unknown private key algorithm");
    }
    return KeyFactory.getInstance(name).generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  /** The named-curve OID (whole TLV) of a SEC1 ECPrivateKey: SEQUENCE { 1, OCTET STRING, [0] OID, [1] BIT STRING }. */
  private static byte[] sec1Curve(byte[] der, String source) throws InvalidKeySpecException {
    int[] key = header(der, 0);
    int[] version = header(der, key[0]);
    int[] secret = header(der, version[1]);
    for (int p = secret[1]; p < key[1]; ) {
      int[] field = header(der, p);
      if ((der[p] & 0xff) == 0xA0) {
        int[] oid = header(der, field[0]);
        return Arrays.copyOfRange(der, field[0], oid[1]);
      }
      p = field[1];
    }
    throw new InvalidKeySpecException(source + ": the EC PRIVATE KEY names no curve");
  }

  /** The DER element at {@code pos}: {start of content, end of content}. */
  private static int[] header(byte[] der, int pos) {
    int len = der[pos + 1] & 0xff;
    int p = pos + 2;
    if (len >= 0x80) {
      int n = len & 0x7f;
      if (n == 0 || n > 3) {
        throw new IllegalArgumentException("DER length");
      }
      len = 0;
      for (int i = 0; i < n; i++) {
        len = len << 8 | der[p++] & 0xff;
      }
    }
    if (p + len > der.length) {
      throw new IllegalArgumentException("DER truncated");
    }
    return new int[] {p, p + len};
  }

  private static byte[] sequence(byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      content.writeBytes(part);
    }
    return tlv(0x30, content.toByteArray());
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] decode(String base64, String source) throws CertificateException {
    try {
      return Base64.getMimeDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new CertificateException(source + ": a PEM block is not valid base64", e);
    }
  }

  /** The client certificate, offered whatever the server's list of acceptable issuers (as client-go does). */
  private static final class ClientKey extends X509ExtendedKeyManager {

    private static final String ALIAS = "kubeconfig";
    private final PrivateKey key;
    private final X509Certificate[] chain;

    ClientKey(PrivateKey key, List<X509Certificate> chain) {
      this.key = key;
      this.chain = chain.toArray(X509Certificate[]::new);
    }

    private String alias(String... keyTypes) {
      for (String type : keyTypes) {
        if (key.getAlgorithm().equals(type)) {
          return ALIAS;
        }
      }
      return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return alias(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
      return alias(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
      return alias(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }
  }

  /**
   * insecure-skip-tls-verify: any certificate, any host. An extended trust manager, because the JDK
   * would wrap a plain one and check the host name after all.
   */
  private static final class TrustAll extends X509ExtendedTrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
