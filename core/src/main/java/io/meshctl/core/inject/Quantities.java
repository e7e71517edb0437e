package io.meshctl.core.inject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities written as Kubernetes (and so Istio, whose output goes through the
 * typed {@code resource.Quantity}) writes them: {@code 2000m} is {@code 2}, {@code 1024Mi} is
 * {@code 1Gi}, {@code 0.5} is {@code 500m}. The rules are apimachinery's {@code CanonicalizeBytes}:
 * the format of the suffix is kept (binary, decimal, exponent), the largest suffix that leaves an
 * integer is chosen, a binary amount below 1024 or with a fraction is written decimal, and precision
 * below nano is rounded up. fabric8's {@code Quantity} parses amounts but writes them back as given.
 */
final class Quantities {

  private static final Pattern QUANTITY = Pattern.compile("([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\\d+|[numkMGTPE])?");
  private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  private static final BigInteger KI = BigInteger.valueOf(1024);

  private Quantities() {
  }

  /** True when {@code s} is a Kubernetes quantity. */
  static boolean valid(String s) {
    return QUANTITY.matcher(s.trim()).matches();
  }

  /** The canonical form of {@code s}; {@code s} itself when it is not a quantity (validation is the caller's). */
  static String canonical(String s) {
    Matcher m = QUANTITY.matcher(s.trim());
    if (!m.matches()) {
      return s;
    }
    String suffix = m.group(2) == null ? "" : m.group(2);
    BigDecimal number = new BigDecimal(m.group(1).startsWith("+") ? m.group(1).substring(1) : m.group(1));
    boolean binary = suffix.endsWith("i");
    boolean exponent = suffix.startsWith("e") || suffix.startsWith("E");
    BigDecimal value;
    if (binary) {
      value = number.multiply(new BigDecimal(KI.pow(indexOf(BINARY, suffix))));
    } else if (exponent) {
      value = number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
    } else {
      value = number.scaleByPowerOfTen(decimalExponent(suffix));
    }
    // Kubernetes keeps nano precision and rounds anything finer up (away from zero for negatives, as Go's Dec does not matter here)
    value = value.setScale(9, RoundingMode.UP).stripTrailingZeros();
    if (value.signum() == 0) {
      return "0";
    }
    if (binary) {
      BigDecimal abs = value.abs();
      boolean small = abs.compareTo(BigDecimal.valueOf(1024)) < 0;
      boolean fraction = value.scale() > 0;
      if (!small && !fraction) {
        BigInteger n = value.toBigIntegerExact();
        int power = 0;
        while (power < BINARY.length - 1 && n.mod(KI).signum() == 0) {
          n = n.divide(KI);
          power++;
        }
        return n + BINARY[power];
      }
    }
    // decimal: the mantissa is an integer, the exponent a multiple of 3, as large as possible
    BigInteger unscaled = value.unscaledValue();
    int exp = -value.scale();
    while (Math.floorMod(exp, 3) != 0) {
      unscaled = unscaled.multiply(BigInteger.TEN);
      exp--;
    }
    while (unscaled.mod(BigInteger.valueOf(1000)).signum() == 0 && unscaled.signum() != 0) {
      unscaled = unscaled.divide(BigInteger.valueOf(1000));
      exp += 3;
    }
    if (exponent) {
      return unscaled + (exp == 0 ? "" : "e" + exp);
    }
    String si = decimalSuffix(exp);
    return si != null ? unscaled + si : unscaled + "e" + exp;
  }

  private static int decimalExponent(String suffix) {
    return switch (suffix) {
      case "n" -> -9;
      case "u" -> -6;
      case "m" -> -3;
      case "k" -> 3;
      case "M" -> 6;
      case "G" -> 9;
      case "T" -> 12;
      case "P" -> 15;
      case "E" -> 18;
      default -> 0;
    };
  }

  private static String decimalSuffix(int exp) {
    return switch (exp) {
      case -9 -> "n";
      case -6 -> "u";
      case -3 -> "m";
      case 0 -> "";
      case 3 -> "k";
      case 6 -> "M";
      case 9 -> "G";
      case 12 -> "T";
      case 15 -> "P";
      case 18 -> "E";
      default -> null;
    };
  }

  private static int indexOf(String[] a, String s) {
    for (int i = 0; i < a.length; i++) {
      if (a[i].equals(s)) {
        return i;
      }
    }
    return 0;
  }
}
