package io.meshctl.cli.render;

import io.meshctl.core.authn.TlsCheckRow;
import java.util.ArrayList;
import java.util.List;

/**
 * istioctl's {@code authn tls-check} table, byte for byte: Go tabwriter with padding 5, the last
 * column unpadded, no trailing spaces. The mesh-wide report adds a leading SOURCE column.
 */
public final class TlsCheckTable {

  private static final int PADDING = 5;

  private TlsCheckTable() {
  }

  public static String render(List<TlsCheckRow> rows, boolean withSource) {
    List<String[]> lines = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("HOST:PORT", "STATUS", "SERVER", "CLIENT", "AUTHN POLICY",
        "DESTINATION RULE"));
    if (withSource) {
      header.add(0, "SOURCE");
    }
    lines.add(header.toArray(new String[0]));
    for (TlsCheckRow r : rows) {
      List<String> cells = new ArrayList<>(List.of(r.host() + ":" + r.port(), r.status().name(), r.server(), r.client(),
          r.authnPolicy(), r.destinationRule()));
      if (withSource) {
        cells.add(0, r.source());
      }
      lines.add(cells.toArray(new String[0]));
    }
    int columns = header.size();
    int[] width = new int[columns];
    for (String[] l : lines) {
      for (int i = 0; i < columns - 1; i++) {
        width[i] = Math.max(width[i], l[i].length() + PADDING);
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] l : lines) {
      for (int i = 0; i < columns - 1; i++) {
        sb.append(l[i]).append(" ".repeat(width[i] - l[i].length()));
      }
      sb.append(l[columns - 1]).append('\n');
    }
    return sb.toString();
  }
}
