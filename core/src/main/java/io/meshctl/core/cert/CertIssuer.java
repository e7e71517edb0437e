package io.meshctl.core.cert;

import io.meshctl.core.MeshctlException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues root, intermediate, server and workload certificates with the extensions each profile
 * needs. BouncyCastle builds the ASN.1; the JDK's providers sign and parse, so no security provider
 * is registered anywhere.
 */
public final class CertIssuer {

  private final SecureRandom random;

  public CertIssuer(SecureRandom random) {
    this.random = random;
  }

  public CertIssuer() {
    this(new SecureRandom());
  }

  /** The certificate, and the warnings a user should read (a CA that expires first, an expired CA). */
  public record Result(Issued issued, List<String> warnings) {
  }

  public Result issue(IssueRequest r) {
    List<String> warnings = new ArrayList<>();
    if (!r.notAfter().isAfter(r.notBefore())) {
      throw new MeshctlException.Usage("--not-after (" + r.notAfter() + ") must be later than --not-before ("
          + r.notBefore() + ")");
    }
    if (r.issuer() != null) {
      checkIssuer(r, warnings);
    }
    KeyPair pair = r.keySpec().generate(random);
    X500Name subject = subject(r);
    X500Name issuerName = r.issuer() == null ? subject
        : X500Name.getInstance(r.issuer().cert().getSubjectX500Principal().getEncoded());
    BigInteger serial = new BigInteger(159, random).setBit(158); // positive, < 20 octets, never zero
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, serial,
        Date.from(r.notBefore()), Date.from(r.notAfter()), subject, pair.getPublic());
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
      b.addExtension(Extension.authorityKeyIdentifier, false, r.issuer() == null
          ? ext.createAuthorityKeyIdentifier(pair.getPublic())
          : ext.createAuthorityKeyIdentifier(r.issuer().cert()));
      boolean rsa = r.keySpec().kty() == KeySpec.Kty.RSA;
      if (r.profile().ca) {
        b.addExtension(Extension.basicConstraints, true,
            r.pathLen() == null ? new BasicConstraints(true) : new BasicConstraints(r.pathLen()));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
            | KeyUsage.digitalSignature));
      } else {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        // keyEncipherment is meaningful only for RSA key transport; EC and Ed25519 keys only sign
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
            | (rsa ? KeyUsage.keyEncipherment : 0)));
        b.addExtension(Extension.extendedKeyUsage, false, r.profile() == Profile.WORKLOAD
            ? new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth})
            : new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      }
      GeneralNames sans = sans(r);
      if (sans != null) {
        // RFC 5280 4.2.1.6: with an empty subject the SAN extension must be critical
        b.addExtension(Extension.subjectAlternativeName, subject.getRDNs().length == 0, sans);
      }
      var signingKey = r.issuer() == null ? pair.getPrivate() : r.issuer().key();
      var signer = new JcaContentSignerBuilder(Keys.signatureAlgorithm(signingKey)).build(signingKey);
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer));
      List<X509Certificate> chain = r.issuer() == null ? List.of() : r.issuer().chain();
      return new Result(new Issued(cert, pair.getPrivate(), chain), List.copyOf(warnings));
    } catch (CertIOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot build the certificate", e);
    }
  }

  private static void checkIssuer(IssueRequest r, List<String> warnings) {
    X509Certificate ca = r.issuer().cert();
    String name = ca.getSubjectX500Principal().getName();
    int pathLen = ca.getBasicConstraints();
    if (pathLen < 0) {
      throw new MeshctlException.InvalidInput("--ca-cert " + name + " is not a CA certificate (basicConstraints "
          + "CA:FALSE): sign with a root or intermediate CA made by 'meshctl cert issue root-ca|intermediate-ca'");
    }
    boolean[] ku = ca.getKeyUsage();
    if (ku != null && !ku[5]) {
      throw new MeshctlException.InvalidInput("--ca-cert " + name + " may not sign certificates (its keyUsage "
          + "lacks keyCertSign)");
    }
    if (r.profile().ca && pathLen == 0) {
      throw new MeshctlException.InvalidInput("--ca-cert " + name + " has pathLen 0: it may sign only leaf "
          + "certificates, not another CA; sign the intermediate with the root instead");
    }
    if (!Keys.matches(r.issuer().key(), ca.getPublicKey())) {
      throw new MeshctlException.InvalidInput("--ca-key is not the key of --ca-cert " + name
          + " (its public key differs): pass the key that belongs to the CA certificate");
    }
    X509Certificate top = r.issuer().chain().get(r.issuer().chain().size() - 1);
    if (r.profile() == Profile.INTERMEDIATE_CA && !Chains.selfSigned(top)) {
      // Istio's cacerts layout: the chain's top becomes root-cert.pem, the anchor workloads verify against
      warnings.add("root-cert.pem gets " + top.getSubjectX500Principal().getName() + ", which is not "
          + "self-signed: pass a --ca-cert file that ends with the root so workloads can verify the chain");
    }
    Instant caEnd = ca.getNotAfter().toInstant();
    Instant caStart = ca.getNotBefore().toInstant();
    if (caEnd.isBefore(Instant.now())) {
      warnings.add("the CA " + name + " expired on " + caEnd + ": certificates it signs will not verify");
    } else if (caStart.isAfter(Instant.now())) {
      warnings.add("the CA " + name + " is not valid before " + caStart + ": certificates it signs will not "
          + "verify until then");
    } else if (r.notAfter().isAfter(caEnd)) {
      warnings.add("the certificate is valid until " + r.notAfter() + " but its CA " + name + " expires on "
          + caEnd + ": the chain stops verifying then");
    }
  }

  private static X500Name subject(IssueRequest r) {
    X500NameBuilder nb = new X500NameBuilder(BCStyle.INSTANCE);
    if (r.organization() != null) {
      nb.addRDN(BCStyle.O, r.organization());
    }
    if (r.commonName() != null) {
      nb.addRDN(BCStyle.CN, r.commonName());
    }
    return nb.build();
  }

  private static GeneralNames sans(IssueRequest r) {
    List<GeneralName> names = new ArrayList<>();
    r.dnsNames().forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
    r.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    r.uris().forEach(u -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, u)));
    return names.isEmpty() ? null : new GeneralNames(names.toArray(GeneralName[]::new));
  }
}
