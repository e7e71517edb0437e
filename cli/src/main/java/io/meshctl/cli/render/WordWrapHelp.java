package io.meshctl.cli.render;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * picocli's help, with lines broken only at spaces. picocli breaks where {@link java.text.BreakIterator}
 * allows, which in a CLI's text is inside words: {@code ~/.kube/config} became {@code ~/.} and
 * {@code kube/config}, {@code kubernetes.io/tls} {@code kubernetes.} and {@code io/tls}. The layout
 * and every other rule stay picocli's; only the tables that wrap text are ours.
 */
public final class WordWrapHelp extends Help {

  public WordWrapHelp(CommandSpec spec, ColorScheme colors) {
    super(spec, colors);
  }

  private int width() {
    return commandSpec().usageMessage().width();
  }

  @Override
  public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme colors) {
    TextTable picocli = TextTable.forDefaultColumns(colors, calcLongOptionColumnWidth(options, positionals, colors),
        width());
    return new Layout(colors, new WordTable(colors, picocli.columns()), createDefaultOptionRenderer(),
        createDefaultParameterRenderer());
  }

  @Override
  public String description(Object... params) {
    return join(commandSpec().usageMessage().description(), params);
  }

  @Override
  public String header(Object... params) {
    return join(commandSpec().usageMessage().header(), params);
  }

  @Override
  public String footer(Object... params) {
    return join(commandSpec().usageMessage().footer(), params);
  }

  /** As picocli's: name, then the first line of the description, in two columns. */
  @Override
  public String commandList(Map<String, Help> subcommands) {
    if (subcommands.isEmpty()) {
      return "";
    }
    int nameWidth = 0;
    for (String name : subcommands.keySet()) {
      nameWidth = Math.max(nameWidth, name.length());
    }
    nameWidth = Math.min(nameWidth, width() / 2);
    TextTable table = new WordTable(colorScheme(), new Column[] {
        new Column(nameWidth + 2, 2, Column.Overflow.SPAN),
        new Column(width() - (nameWidth + 2), 2, Column.Overflow.WRAP)});
    for (Map.Entry<String, Help> e : subcommands.entrySet()) {
      UsageMessageSpec usage = e.getValue().commandSpec().usageMessage();
      String[] text = usage.header().length > 0 ? usage.header() : usage.description();
      Ansi.Text[] lines = colorScheme().text(text.length > 0 ? String.format(text[0]) : "").splitLines();
      for (int i = 0; i < lines.length; i++) {
        table.addRowValues(i == 0 ? e.getValue().commandNamesText(", ") : colorScheme().text(""), lines[i]);
      }
    }
    return table.toString();
  }

  private String join(String[] lines, Object[] params) {
    if (lines == null || lines.length == 0) {
      return "";
    }
    TextTable table = new WordTable(colorScheme(), new Column[] {new Column(width(), 0, Column.Overflow.WRAP)});
    table.indentWrappedLines = 0;
    for (String line : lines) {
      table.addRowValues(String.format(line, params));
    }
    return table.toString();
  }

  /** A text table whose wrapping columns break lines at spaces only (a longer word is cut at the edge). */
  static final class WordTable extends TextTable {

    private final ColorScheme colors;

    WordTable(ColorScheme colors, Column[] columns) {
      super(colors, columns);
      this.colors = colors;
    }

    @Override
    public Cell putValue(int row, int col, Ansi.Text value) {
      Column column = columns()[col];
      if (column.overflow != Column.Overflow.WRAP || value == null || value.plainString().isEmpty()) {
        return super.putValue(row, col, value);
      }
      int first = column.width - column.indent;
      Cell cell = null;
      List<int[]> lines = lines(value.plainString(), first, first - indentWrappedLines);
      for (int i = 0; i < lines.size(); i++) {
        Ansi.Text line = value.substring(lines.get(i)[0], lines.get(i)[1]);
        if (i > 0) {
          addEmptyRow();
          row++;
          line = colors.text(" ".repeat(indentWrappedLines)).concat(line);
        }
        cell = super.putValue(row, col, line);
      }
      return cell == null ? new Cell(col, row) : cell;
    }

    /**
     * The [start, end) of each line: as many words as fit, then the next line; a word longer than a
     * line is cut at the edge. A last line of one word takes the previous line's last word with it
     * when both fit, so no word is left alone.
     */
    static List<int[]> lines(String s, int firstRoom, int room) {
      List<int[]> lines = new java.util.ArrayList<>();
      int start = 0;
      while (start < s.length()) {
        int end = lineEnd(s, start, lines.isEmpty() ? firstRoom : room);
        lines.add(new int[] {start, end});
        start = end;
        while (start < s.length() && s.charAt(start) == ' ') {
          start++;
        }
      }
      int n = lines.size();
      if (n >= 2) {
        int[] prev = lines.get(n - 2);
        int[] last = lines.get(n - 1);
        int space = s.lastIndexOf(' ', prev[1] - 1);
        boolean alone = s.substring(last[0], last[1]).indexOf(' ') < 0;
        // only when the previous line keeps two words or more, or the orphan just moves up a line
        if (alone && space > prev[0] && s.substring(prev[0], space).strip().indexOf(' ') > 0
            && last[1] - (space + 1) <= room) {
          int prevEnd = space;
          while (prevEnd > prev[0] && s.charAt(prevEnd - 1) == ' ') {
            prevEnd--;
          }
          prev[1] = prevEnd;
          last[0] = space + 1;
        }
      }
      return lines;
    }

    /** Where the line starting at {@code start} ends: the last space that fits, else the edge. */
    private static int lineEnd(String s, int start, int room) {
      if (s.length() - start <= room) {
        return s.length();
      }
      for (int i = start + room; i > start; i--) {
        if (s.charAt(i) == ' ') {
          int end = i;
          while (end > start && s.charAt(end - 1) == ' ') {
            end--;
          }
          if (end > start) {
            return end;
          }
        }
      }
      return start + Math.max(1, room);
    }
  }
}
