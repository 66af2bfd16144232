package dev.rollout.transport.ssh;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts.KnownHostEntry;

/**
 * One known_hosts file as read once for a whole run, shared by every connection that names it:
 * its entries indexed by host name, so that finding a host's entries costs the same whatever the
 * fleet's size. A line naming plain hosts ({@code web-1,10.0.0.5} or {@code [10.0.0.5]:2222}) is
 * found by name; a line with a pattern ({@code *.example.net}, {@code !bad}) or a hashed name
 * ({@code |1|salt|hash}) has to be tried against each host, as OpenSSH tries it, but only once per
 * host and run: the answer is kept. A key learned under {@code accept-new} is added here as it is
 * appended to the file, so the next connection to that host in the same run knows it.
 *
 * <p>Safe for use from many threads: sshj's matcher of a hashed line is not, so lookups are made
 * one at a time.
 */
final class KnownHostsFile {

  /**
   * One line that names hosts.
   *
   * @param entry sshj's entry (type, key, matcher)
   * @param marker {@code @revoked} or {@code @cert-authority}; null for a plain key line
   * @param key the key's base64 blob as written
   * @param number where the line is among the file's lines, from 0
   */
  record Line(KnownHostEntry entry, String marker, String key, int number) {

    boolean isMarked(String m) {
      return m.equals(marker);
    }

    KeyType type() {
      return entry.getType();
    }
  }

  private final OpenSSHKnownHosts parser;
  private final Map<String, List<Line>> byName = new HashMap<>();
  private final List<Line> patterned = new ArrayList<>();
  private int lines;
  private final Map<String, List<Line>> found = new HashMap<>();
  private long examined;

  /** Reads {@code text}, the file's whole contents (empty when it does not exist yet). */
  KnownHostsFile(String text) throws IOException {
    parser = new OpenSSHKnownHosts(new StringReader(text));
    parser.entries().forEach(this::index);
  }

  /** Every line that applies to {@code name} ({@code host} or {@code [host]:port}), in file order. */
  synchronized List<Line> applicable(String name) {
    List<Line> known = found.get(name);
    if (known == null) {
      known = lookUp(name);
      found.put(name, known);
    }
    return known;
  }

  /** Adds a line just appended to the file: later lookups of its host see it. */
  synchronized void add(String line) throws IOException {
    KnownHostEntry e = parser.new EntryFactory().parseEntry(line);
    if (e != null) {
      Line l = index(e);
      if (l == null) {
        return;
      }
      if (l.marker() != null || !plain(hostsOf(l))) {
        found.clear(); // not a line Rollout writes; look every host up again
      } else {
        for (String name : names(l)) {
          found.computeIfPresent(name, (n, known) -> with(known, l));
        }
      }
    }
  }

  /**
   * How many lines lookups have looked at so far (a test seam): per host looked up, its own plain
   * lines and every hashed or patterned line, once however often it connects.
   */
  synchronized long examined() {
    return examined;
  }

  private List<Line> lookUp(String name) {
    List<Line> direct = byName.getOrDefault(name, List.of());
    List<Line> out = new ArrayList<>(direct);
    examined += direct.size() + patterned.size();
    for (Line l : patterned) {
      if (applies(l, name)) {
        out.add(l);
      }
    }
    if (!direct.isEmpty() && out.size() > direct.size()) {
      out.sort(java.util.Comparator.comparingInt(Line::number));
    }
    return List.copyOf(out);
  }

  private static boolean applies(Line l, String name) {
    try {
      return l.entry().appliesTo(name);
    } catch (IOException e) {
      return false;
    }
  }

  private static List<Line> with(List<Line> lines, Line l) {
    List<Line> out = new ArrayList<>(lines);
    out.add(l);
    return List.copyOf(out);
  }

  /**
   * Files a line by its plain names, or among those tried one by one; null for a comment, a
   * blank line or a line sshj could not read: those apply to no host.
   */
  private Line index(KnownHostEntry e) {
    int number = lines++;
    if (!(e instanceof OpenSSHKnownHosts.HostEntry)) {
      return null;
    }
    String[] fields = e.getLine().trim().split("\\s+");
    boolean marked = fields[0].startsWith("@");
    if (fields.length < (marked ? 4 : 3)) {
      return null;
    }
    Line line = new Line(e, marked ? fields[0] : null, fields[marked ? 3 : 2], number);
    String hosts = fields[marked ? 1 : 0];
    if (!plain(hosts)) {
      patterned.add(line);
    } else {
      for (String name : hosts.split(",")) {
        byName.computeIfAbsent(name, k -> new ArrayList<>()).add(line);
      }
    }
    return line;
  }

  /** Whether a line's hosts field lists only names: no hashed name, no pattern. */
  private static boolean plain(String hosts) {
    return !(hosts.startsWith("|") || hosts.contains("*") || hosts.contains("?")
        || hosts.contains("!"));
  }

  private static String hostsOf(Line l) {
    String[] fields = l.entry().getLine().trim().split("\\s+");
    return fields[l.marker() == null ? 0 : 1];
  }

  private static String[] names(Line l) {
    return hostsOf(l).split(",");
  }
}
