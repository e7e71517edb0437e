package io.meshctl.core.cert;

import io.meshctl.core.MeshctlException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM in and out. Blocks are found by their BEGIN/END lines so every error can name the block
 * ("fullchain.pem block 2"); text between blocks is ignored, as openssl does.
 */
public final class Pem {

  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\R(.*?)-----END ([A-Z0-9 ]+)-----", Pattern.DOTALL);

  private Pem() {
  }

  /** One {@code -----BEGIN type-----} block; {@code index} counts from 1. */
  public record Block(int index, String type, String text, String body) {
  }

  public static List<Block> blocks(String text) {
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      blocks.add(new Block(blocks.size() + 1, m.group(1), m.group(), m.group(2)));
    }
    return blocks;
  }

  /** Every block must be a parsable CERTIFICATE; the file must hold at least one. */
  public static List<X509Certificate> certificates(String text, String source) {
    List<Block> blocks = blocks(text);
    if (blocks.isEmpty()) {
      throw new MeshctlException.InvalidInput(source + ": no PEM block found (expected -----BEGIN CERTIFICATE-----"
          + "; convert DER with: openssl x509 -inform der -in FILE -out FILE.pem)");
    }
    List<X509Certificate> certs = new ArrayList<>();
    for (Block b : blocks) {
      certs.add(certificate(b, source));
    }
    return certs;
  }

  static X509Certificate certificate(Block b, String source) {
    String where = source + " block " + b.index();
    if (!b.type().equals("CERTIFICATE")) {
      throw new MeshctlException.InvalidInput(where + " is a " + b.type() + ", not a CERTIFICATE"
          + (b.type().contains("PRIVATE KEY") ? " (the private key belongs in the --key file)" : ""));
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(b.body().strip());
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      return (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
    } catch (IllegalArgumentException | CertificateException e) {
      throw new MeshctlException.InvalidInput(where + " is not a valid certificate: " + reason(e)
          + " (check it with: openssl x509 -noout -text -in " + source + ")", e);
    }
  }

  /** A private key file as found: the key, or the fact that it is encrypted. */
  public record KeyFile(PrivateKey key, boolean encrypted, String format) {
  }

  /**
   * Reads the single private key of a file: PKCS#8, PKCS#1 (RSA) or SEC1 (EC). An encrypted key is
   * decrypted with {@code password}, or reported as encrypted when the password is null.
   */
  public static KeyFile privateKey(String text, String source, char[] password) {
    List<Block> keys = new ArrayList<>();
    for (Block b : blocks(text)) {
      if (b.type().endsWith("PRIVATE KEY")) {
        keys.add(b);
      } else if (!b.type().equals("EC PARAMETERS")) {
        throw new MeshctlException.InvalidInput(source + " block " + b.index() + " is a " + b.type()
            + ", not a private key" + (b.type().equals("CERTIFICATE") ? " (certificates belong in --cert)" : ""));
      }
    }
    if (keys.isEmpty()) {
      throw new MeshctlException.InvalidInput(source + ": no private key found (expected -----BEGIN PRIVATE KEY-----)");
    }
    if (keys.size() > 1) {
      throw new MeshctlException.InvalidInput(source + " holds " + keys.size() + " private keys; keep only the "
          + "key of the leaf certificate");
    }
    Block b = keys.get(0);
    String where = source + " block " + b.index();
    Object parsed;
    try (PEMParser p = new PEMParser(new StringReader(b.text()))) {
      parsed = p.readObject();
    } catch (IOException | RuntimeException e) {
      throw new MeshctlException.InvalidInput(where + " (" + b.type() + ") does not parse: " + reason(e)
          + " (check it with: openssl pkey -noout -in " + source + ")", e);
    }
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      if (parsed instanceof PrivateKeyInfo info) {
        return new KeyFile(converter.getPrivateKey(info), false, "PKCS#8");
      } else if (parsed instanceof PEMKeyPair pair) {
        return new KeyFile(converter.getPrivateKey(pair.getPrivateKeyInfo()), false,
            b.type().startsWith("RSA") ? "PKCS#1" : "SEC1");
      } else if (parsed instanceof PKCS8EncryptedPrivateKeyInfo enc) {
        if (password == null) {
          return new KeyFile(null, true, "encrypted PKCS#8");
        }
        var decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.provider()).build(password);
        return new KeyFile(converter.getPrivateKey(enc.decryptPrivateKeyInfo(decryptor)), false, "encrypted PKCS#8");
      } else if (parsed instanceof PEMEncryptedKeyPair enc) {
        if (password == null) {
          return new KeyFile(null, true, "encrypted " + b.type());
        }
        var decryptor = new JcePEMDecryptorProviderBuilder().setProvider(Bc.provider()).build(password);
        return new KeyFile(converter.getPrivateKey(enc.decryptKeyPair(decryptor).getPrivateKeyInfo()), false,
            "encrypted " + b.type());
      }
    } catch (PKCSException | OperatorCreationException | IOException e) {
      throw new MeshctlException.InvalidInput(where + ": cannot decrypt the key: wrong password? (" + reason(e) + ")", e);
    }
    throw new MeshctlException.InvalidInput(where + " (" + b.type() + ") is not a private key meshctl can read");
  }

  public static String certificate(X509Certificate cert) {
    try {
      return pem(new PemObject("CERTIFICATE", cert.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String certificates(List<X509Certificate> certs) {
    StringBuilder sb = new StringBuilder();
    certs.forEach(c -> sb.append(certificate(c)));
    return sb.toString();
  }

  /** PKCS#8, what Envoy, istiod and openssl all read; encrypted (AES-256-CBC, PBKDF2-SHA256) with a password. */
  public static String privateKey(PrivateKey key, char[] password) {
    if (password == null) {
      return pem(new PemObject("PRIVATE KEY", key.getEncoded()));
    }
    try {
      var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
          .setProvider(Bc.provider()).setRandom(new SecureRandom())
          .setPRF(JcaPKCS8Generator.PRF_HMACSHA256).setPassword(password).build();
      return pem(new JcaPKCS8Generator(key, encryptor).generate());
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot encrypt the private key", e);
    }
  }

  private static String pem(PemObject o) {
    StringWriter w = new StringWriter();
    try (PemWriter pw = new PemWriter(w)) {
      pw.writeObject(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return w.toString();
  }

  private static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().lines().findFirst().orElse("");
    // the JDK nests class names in its messages ("...: java.io.IOException: Empty input"); users need the reason
    return m.replaceAll("(\\w+\\.)+\\w*(Exception|Error): ", "");
  }
}
