package dev.rollout.cli;

import dev.rollout.engine.HostState;
import dev.rollout.source.Durations;
import dev.rollout.source.Visible;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The live view's status block as lines for a terminal of a given size: a line naming the stage
 * (by its plan name: preflight, canary, wave N, watch, rollback) with the soak's or the watch's
 * time left and the failures, then the hosts in a grid as wide as the terminal. Every line takes
 * at most {@code columns - 1} columns, so none wraps; the block takes at most {@code rows - 4}
 * lines, and when the hosts do not fit it shows those that need looking at first (failed, then
 * in flight, rolled back, changed, pending) and counts the rest. A host's state is always in words
 * (failures in capitals), colour only adds to it.
 *
 * @param stage the stage's label
 * @param extra what follows the stage on its line (connecting, paused), or empty
 * @param soak whether the time left is a soak's (else the watch's), when {@code left} is not null
 * @param left the soak's or the watch's time left, or null
 * @param failures failures counted so far
 * @param hosts every host's state, in the inventory's order
 */
record StatusBlock(String stage, String extra, boolean soak, Duration left, int failures,
    Map<String, HostState> hosts) {

  private static final String INDENT = "  ";
  private static final String GAP = "  ";
  private static final List<HostState> INTEREST = List.of(HostState.ROLLBACK_FAILED,
      HostState.FAILED, HostState.UNREACHABLE, HostState.ROLLING_BACK, HostState.CHANGING,
      HostState.VERIFYING, HostState.ROLLED_BACK, HostState.CHANGED, HostState.PENDING);

  List<String> lines(TerminalSize size, Colors c) {
    int max = size.columns() - 1;
    List<String> lines = new ArrayList<>();
    lines.add(DisplayWidth.fit(c.bold("stage: " + Visible.line(stage)) + extra + timeLeft()
        + ", failures " + failures, max));
    List<String> cells = new ArrayList<>();
    int cellWidth = 0;
    for (Map.Entry<String, HostState> e : hosts.entrySet()) {
      cellWidth = Math.max(cellWidth, DisplayWidth.of(cell(e.getKey(), e.getValue(), Colors.OFF)));
    }
    cellWidth = Math.min(cellWidth, max - INDENT.length());
    int perRow = Math.max(1, (max - INDENT.length() + GAP.length()) / (cellWidth + GAP.length()));
    int room = Math.max(1, size.rows() - 4 - lines.size());
    List<Map.Entry<String, HostState>> shown = shown(perRow, room);
    for (Map.Entry<String, HostState> e : shown) {
      cells.add(pad(DisplayWidth.fit(cell(e.getKey(), e.getValue(), c), cellWidth), cellWidth));
    }
    for (int i = 0; i < cells.size(); i += perRow) {
      String row = INDENT + String.join(GAP, cells.subList(i, Math.min(cells.size(), i + perRow)));
      lines.add(DisplayWidth.fit(row.stripTrailing(), max));
    }
    if (shown.size() < hosts.size()) {
      lines.add(DisplayWidth.fit(INDENT + c.dim(rest(shown)), max));
    }
    return lines;
  }

  private String timeLeft() {
    if (left == null) {
      return "";
    }
    String time = Durations.format(Duration.ofSeconds(Math.max(0, left.toSeconds())));
    return soak ? ", soak " + time + " left" : ", " + time + " left";
  }

  /** All hosts when they fit in {@code room} rows, else the most interesting, one row short. */
  private List<Map.Entry<String, HostState>> shown(int perRow, int room) {
    List<Map.Entry<String, HostState>> all = new ArrayList<>(hosts.entrySet());
    if (all.size() <= perRow * room) {
      return all;
    }
    all.sort(Comparator.comparingInt(e -> INTEREST.indexOf(e.getValue())));
    return all.subList(0, perRow * Math.max(0, room - 1));
  }

  private String rest(List<Map.Entry<String, HostState>> shown) {
    Map<HostState, Integer> counts = new EnumMap<>(HostState.class);
    hosts.values().forEach(s -> counts.merge(s, 1, Integer::sum));
    shown.forEach(e -> counts.merge(e.getValue(), -1, Integer::sum));
    StringBuilder text = new StringBuilder("and " + (hosts.size() - shown.size()) + " more:");
    for (HostState s : INTEREST) {
      int n = counts.getOrDefault(s, 0);
      if (n > 0) {
        text.append(' ').append(n).append(' ').append(s.words()).append(',');
      }
    }
    return text.substring(0, text.length() - 1);
  }

  /** A host and its state in words: failures in capitals, coloured by how the host stands. */
  static String cell(String host, HostState s, Colors c) {
    String name = Visible.line(host) + " ";
    return switch (s) {
      case FAILED, UNREACHABLE, ROLLBACK_FAILED -> name + c.red(s.words().toUpperCase(
          java.util.Locale.ROOT));
      case CHANGED -> name + c.green(s.words());
      case ROLLED_BACK, ROLLING_BACK -> name + c.yellow(s.words());
      case PENDING -> name + c.dim(s.words());
      default -> name + c.cyan(s.words());
    };
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - DisplayWidth.of(text)));
  }
}
