package dev.rollout.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollout.inventory.ansible.AnsibleHosts;
import dev.rollout.inventory.ansible.AnsibleLoader;
import dev.rollout.inventory.ansible.Texts;
import dev.rollout.inventory.ansible.VarsTree;
import dev.rollout.source.Problem;
import dev.rollout.source.Problems;
import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ansible itself is the oracle: for each inventory of the corpus under {@code
 * src/test/resources/ansible}, {@code ansible-inventory -i FILE --list} (Debian's ansible) and
 * Rollout must agree on the hosts, each group's own hosts and children, and every host's resolved
 * variables; and Rollout's inventory must hold the same hosts and, for each group, all its hosts.
 */
class AnsibleOracleTest {

  static final Path CORPUS = Path.of("src/test/resources/ansible");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Future<JsonNode>> ORACLE = new ConcurrentHashMap<>();
  private static ExecutorService pool;
  private static boolean ansible;

  @TempDir static Path cwd;

  @BeforeAll
  static void runAnsibleOnTheCorpus() throws Exception {
    ansible = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(d -> Files.isExecutable(Path.of(d, "ansible-inventory")));
    if (!ansible) {
      return;
    }
    pool = Executors.newFixedThreadPool(2);
    for (Path dir : cases().toList()) {
      ORACLE.put(dir.getFileName().toString(), pool.submit(() -> oracle(inventoryFile(dir))));
    }
  }

  @AfterAll
  static void stop() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  static Stream<Path> cases() throws Exception {
    try (Stream<Path> s = Files.list(CORPUS)) {
      return s.filter(Files::isDirectory).sorted().toList().stream();
    }
  }

  static Path inventoryFile(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
  }

  private static JsonNode oracle(Path file) throws Exception {
    Path out = Files.createTempFile(cwd, "oracle", ".json");
    Path err = Files.createTempFile(cwd, "oracle", ".err");
    ProcessBuilder pb = new ProcessBuilder("ansible-inventory", "-i", file.toAbsolutePath()
        .toString(), "--list").directory(cwd.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile());
    pb.environment().put("ANSIBLE_LOCALHOST_WARNING", "False");
    pb.environment().put("ANSIBLE_INVENTORY_UNPARSED_WARNING", "False");
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("ansible-inventory took over 120 s on " + file);
    }
    assertThat(p.exitValue()).as("ansible-inventory on %s: %s", file, Files.readString(err))
        .isZero();
    return JSON.readTree(out.toFile());
  }

  @Test
  void theCorpusHoldsAtLeastFifteenInventories() throws Exception {
    assertThat(cases().count()).isGreaterThanOrEqualTo(15);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rolloutReadsTheInventoryAsAnsibleDoes(Path dir) throws Exception {
    assumeTrue(ansible, "ansible-inventory is not on the PATH (Debian package ansible): the"
        + " oracle for Ansible inventories cannot run");
    JsonNode expected = ORACLE.get(dir.getFileName().toString()).get(180, TimeUnit.SECONDS);
    Path file = inventoryFile(dir);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    VarsTree tree = VarsTree.scan(dir);
    Problems problems = new Problems();
    InventoryFormat format = InventoryFormat.of(file.toString(), text);
    assertThat(format.ansible()).as("format of %s", file).isTrue();
    AnsibleHosts mine = new AnsibleLoader(problems).load(file.toString(), text,
        format == InventoryFormat.ANSIBLE_INI ? AnsibleLoader.Format.INI
            : AnsibleLoader.Format.YAML, tree);
    assertThat(problems.sorted()).extracting(Problem::format).isEmpty();

    assertThat(groups(mine)).isEqualTo(groups(expected));
    Map<String, Object> expectedVars = hostVars(expected);
    assertThat(mine.hosts().keySet()).containsExactlyInAnyOrderElementsOf(
        allHosts(expected));
    for (AnsibleHosts.HostVars h : mine.hosts().values()) {
      Map<String, Object> got = new TreeMap<>();
      h.vars().forEach((k, v) -> got.put(k, normal(v.value())));
      assertThat(got).as("variables of host %s", h.name())
          .isEqualTo(expectedVars.getOrDefault(h.name(), Map.of()));
    }

    Inventory inv = new InventoryLoader(n -> null).load(file.toString(), text, tree, problems);
    // the corpus names key files that exist on no machine: that check (validate refuses them)
    // is not what is compared with Ansible here
    assertThat(problems.sorted()).extracting(Problem::format)
        .filteredOn(p -> !p.contains("does not exist (named for")).isEmpty();
    assertThat(inv.hosts().keySet()).containsAll(allHosts(expected));
    for (Map.Entry<String, Set<String>> g : membersFromOracle(expected).entrySet()) {
      assertThat(inv.groups().get(g.getKey())).as("members of group %s", g.getKey())
          .containsExactlyInAnyOrderElementsOf(g.getValue());
    }
    for (AnsibleHosts.HostVars h : mine.hosts().values()) {
      Map<String, String> want = new TreeMap<>();
      h.vars().forEach((k, v) -> {
        if (!AnsibleHostReader.MAPPED.contains(k)) {
          want.put(k, Texts.of(v.value()));
        }
      });
      Map<String, String> got = new TreeMap<>();
      inv.hosts().get(h.name()).vars().forEach((k, v) -> got.put(k, v.value()));
      assertThat(got).as("Rollout vars of host %s", h.name()).isEqualTo(want);
    }
  }

  /** Each group with hosts or children: its own hosts and its children, as Ansible lists them. */
  private static Map<String, Map<String, List<String>>> groups(JsonNode j) {
    Map<String, Map<String, List<String>>> out = new TreeMap<>();
    for (Iterator<String> it = j.fieldNames(); it.hasNext(); ) {
      String g = it.next();
      if (g.equals("_meta")) {
        continue;
      }
      Map<String, List<String>> m = new LinkedHashMap<>();
      m.put("hosts", strings(j.get(g).get("hosts")));
      m.put("children", strings(j.get(g).get("children")));
      out.put(g, m);
    }
    return out;
  }

  private static Map<String, Map<String, List<String>>> groups(AnsibleHosts a) {
    Map<String, Map<String, List<String>>> out = new TreeMap<>();
    for (AnsibleHosts.GroupView g : a.groups().values()) {
      List<String> hosts = g.name().equals("all") ? List.of() : g.hosts();
      if (hosts.isEmpty() && g.children().isEmpty()) {
        continue;
      }
      Map<String, List<String>> m = new LinkedHashMap<>();
      m.put("hosts", hosts);
      m.put("children", g.children());
      out.put(g.name(), m);
    }
    return out;
  }

  private static Map<String, Set<String>> membersFromOracle(JsonNode j) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (String g : groups(j).keySet()) {
      out.put(g, members(j, g, new LinkedHashSet<>()));
    }
    return out;
  }

  private static Set<String> members(JsonNode j, String g, Set<String> seen) {
    Set<String> out = new LinkedHashSet<>();
    if (!seen.add(g) || j.get(g) == null) {
      return out;
    }
    out.addAll(strings(j.get(g).get("hosts")));
    for (String c : strings(j.get(g).get("children"))) {
      out.addAll(members(j, c, seen));
    }
    return out;
  }

  private static Set<String> allHosts(JsonNode j) {
    Set<String> out = new LinkedHashSet<>();
    j.get("_meta").get("hostvars").fieldNames().forEachRemaining(out::add);
    groups(j).values().forEach(m -> out.addAll(m.get("hosts")));
    return out;
  }

  private static Map<String, Object> hostVars(JsonNode j) {
    Map<String, Object> out = new TreeMap<>();
    j.get("_meta").get("hostvars").fields().forEachRemaining(e -> {
      Map<String, Object> vars = new TreeMap<>();
      e.getValue().fields().forEachRemaining(v -> vars.put(v.getKey(), normal(v.getValue())));
      out.put(e.getKey(), vars);
    });
    return out;
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n != null) {
      n.forEach(x -> out.add(x.asText()));
    }
    return out;
  }

  /** Ansible's JSON and Rollout's typed values in one comparable form. */
  private static Object normal(Object v) {
    if (v instanceof JsonNode n) {
      if (n.isObject() && n.size() == 1 && n.has("__ansible_unsafe")) {
        return n.get("__ansible_unsafe").asText();
      }
      return normal(JSON.convertValue(n, Object.class));
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new TreeMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), normal(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(AnsibleOracleTest::normal).toList();
    }
    if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
      return new BigInteger(v.toString());
    }
    if (v instanceof Double || v instanceof BigDecimal) {
      return Double.valueOf(v.toString());
    }
    return v;
  }

}
