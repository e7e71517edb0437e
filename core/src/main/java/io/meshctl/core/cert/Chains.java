package io.meshctl.core.cert;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a list of certificates is a chain, leaf first, each certificate signed by the next; and
 * the right order when it is not. Issuance is checked by name and by signature.
 */
public final class Chains {

  private Chains() {
  }

  public enum Status {
    /** Every certificate is signed by the next; the last is a root or is signed by a given CA. */
    OK,
    /** The certificates form a chain, but not in the order given. */
    OUT_OF_ORDER,
    /** A certificate is not signed by the next one, or does not belong to the chain at all. */
    BROKEN
  }

  /** {@code ordered} is the leaf-first chain when one could be built, else the input. */
  public record Report(Status status, String message, List<X509Certificate> ordered) {
  }

  public static boolean issued(X509Certificate child, X509Certificate parent) {
    if (!child.getIssuerX500Principal().equals(parent.getSubjectX500Principal())) {
      return false;
    }
    try {
      child.verify(parent.getPublicKey());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  public static boolean selfSigned(X509Certificate c) {
    return issued(c, c);
  }

  /**
   * Checks {@code certs} (as given; {@code source} names them in messages) against {@code roots}
   * (the --ca file, may be empty). {@code leaf} is the index of the certificate the key belongs to,
   * or -1 when unknown.
   */
  public static Report analyse(List<X509Certificate> certs, List<X509Certificate> roots, int leaf, String source) {
    int n = certs.size();
    boolean inOrder = leaf <= 0;
    for (int i = 0; inOrder && i < n - 1; i++) {
      inOrder = issued(certs.get(i), certs.get(i + 1));
    }
    if (inOrder) {
      return top(certs, roots, source);
    }
    List<X509Certificate> ordered = order(certs, leaf);
    if (ordered != null) {
      List<Integer> blocks = new ArrayList<>();
      ordered.forEach(c -> blocks.add(certs.indexOf(c) + 1));
      return new Report(Status.OUT_OF_ORDER, source + " is out of order: the leaf must come first, then each "
          + "certificate's issuer; the right order of its blocks is " + blocks + " (leaf " + subject(ordered.get(0))
          + ")", ordered);
    }
    for (int i = 0; i < n - 1; i++) {
      if (!issued(certs.get(i), certs.get(i + 1))) {
        return new Report(Status.BROKEN, source + " block " + (i + 1) + " (" + subject(certs.get(i)) + ") was not "
            + "issued by block " + (i + 2) + " (" + subject(certs.get(i + 1)) + "); its issuer is "
            + certs.get(i).getIssuerX500Principal().getName() + ": put the matching intermediate there, or remove "
            + "the certificate that does not belong", certs);
      }
    }
    return new Report(Status.BROKEN, source + " is not one chain", certs);
  }

  /** The leaf-first chain using every certificate, or null when there is none. */
  static List<X509Certificate> order(List<X509Certificate> certs, int leafHint) {
    List<Integer> starts = new ArrayList<>();
    if (leafHint >= 0) {
      starts.add(leafHint);
    } else {
      for (int i = 0; i < certs.size(); i++) {
        starts.add(i);
      }
    }
    for (int start : starts) {
      List<X509Certificate> chain = new ArrayList<>();
      List<X509Certificate> left = new ArrayList<>(certs);
      X509Certificate cur = left.remove(start);
      chain.add(cur);
      while (!left.isEmpty()) {
        X509Certificate next = null;
        for (X509Certificate c : left) {
          if (c != cur && issued(cur, c)) {
            next = c;
            break;
          }
        }
        if (next == null) {
          break;
        }
        left.remove(next);
        chain.add(next);
        cur = next;
      }
      if (left.isEmpty()) {
        return chain;
      }
    }
    return null;
  }

  private static Report top(List<X509Certificate> chain, List<X509Certificate> roots, String source) {
    X509Certificate last = chain.get(chain.size() - 1);
    String path = describe(chain);
    if (selfSigned(last)) {
      return new Report(Status.OK, chain.size() == 1 ? "self-signed (" + subject(last) + ")"
          : "ok: " + path + " (ends at a root)", chain);
    }
    for (X509Certificate r : roots) {
      if (issued(last, r)) {
        return new Report(Status.OK, "ok: " + path + " -> " + subject(r) + " (root from the CA file)", chain);
      }
    }
    if (!roots.isEmpty()) {
      return new Report(Status.BROKEN, source + ": the last certificate " + subject(last) + " is issued by "
          + last.getIssuerX500Principal().getName() + ", which is not in the CA file: add the missing intermediate "
          + "to the chain, or pass the right --ca", chain);
    }
    return new Report(Status.OK, "ok: " + path + " -> issued by " + last.getIssuerX500Principal().getName()
        + " (root not included)", chain);
  }

  static String describe(List<X509Certificate> chain) {
    List<String> names = new ArrayList<>();
    chain.forEach(c -> names.add(subject(c)));
    return String.join(" -> ", names);
  }

  static String subject(X509Certificate c) {
    return CertInfo.name(c.getSubjectX500Principal().getName());
  }
}
