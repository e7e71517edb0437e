package io.meshctl.core.analyze;

import java.util.Locale;

/** A message's severity, worst first (the order istioctl sorts and thresholds by). */
public enum Level {
  ERROR("Error"), WARNING("Warning"), INFO("Info");

  public final String label;

  Level(String label) {
    this.label = label;
  }

  /** Whether this level is as bad as {@code threshold} or worse. */
  public boolean atLeast(Level threshold) {
    return ordinal() <= threshold.ordinal();
  }

  /** {@code Info}/{@code Warning}/{@code Error}, case-insensitive; null for anything else. */
  public static Level parse(String text) {
    for (Level l : values()) {
      if (l.label.toLowerCase(Locale.ROOT).equals(text.toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return label;
  }
}
