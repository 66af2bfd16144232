package dev.rollout.journal;

import dev.rollout.engine.Event;
import dev.rollout.engine.Journal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs in a directory, {@code .rollout/} beside the inventory by default: {@code
 * runs/<id>/journal.jsonl}, {@code runs/<id>/plan.yml}, {@code runs/<id>/inventory.yml}, {@code
 * runs/<id>/files} (the names the operator gave), and {@code locks/}. Readable by the owner only.
 */
public final class FileRunStore implements RunStore {

  static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString(
      "rw-------");
  static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIR =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private final Path root;
  private final FileHostLocks locks;
  private final FileLeases leases;

  public FileRunStore(Path root) {
    this(root, RunStore.self());
  }

  /** A store whose leases name {@code owner} ({@code pid@machine}) as this controller. */
  FileRunStore(Path root, String owner) {
    this.root = root;
    this.leases = new FileLeases(root.resolve("runs"), root.resolve("workers"),
        PostgresRunStore.lease(System::getenv), owner);
    this.locks = new FileHostLocks(root.resolve("locks"), leases);
  }

  @Override
  public void queue(String runId, String options) throws IOException {
    leases.queue(runId, options);
  }

  @Override
  public RunLease lease(String runId) throws IOException {
    return leases.lease(runId);
  }

  @Override
  public RunLease.Claimed claim(String runId) throws IOException {
    return leases.claim(runId);
  }

  @Override
  public Optional<RunLease.Claimed> claimNext() throws IOException {
    return leases.claimNext();
  }

  @Override
  public void hold(RunLease lease) {
    leases.hold(lease);
  }

  @Override
  public boolean renew(String runId) throws IOException {
    return leases.renew(runId);
  }

  @Override
  public boolean settle(String runId, RunLease.Status status) throws IOException {
    return leases.settle(runId, status);
  }

  @Override
  public boolean fencedOut(String runId) {
    return leases.lost(runId);
  }

  @Override
  public java.time.Duration leaseLength() {
    return leases.length();
  }

  @Override
  public Optional<String> registerWorker() throws IOException {
    return leases.register();
  }

  @Override
  public void unregisterWorker() throws IOException {
    leases.unregister();
  }

  @Override
  public StoredRun create(String runId, String planFile, byte[] plan, String inventoryFile,
      byte[] inventory) throws IOException {
    Path dir = runs().resolve(runId);
    mkdirs(root);
    mkdirs(runs());
    Files.createDirectory(dir, OWNER_ONLY_DIR);
    write(dir.resolve("plan.yml"), plan);
    write(dir.resolve("inventory.yml"), inventory);
    write(dir.resolve("files"), (planFile + "\n" + inventoryFile + "\n").getBytes());
    write(dir.resolve("journal.jsonl"), new byte[0]);
    return new FileRun(runId, dir);
  }

  @Override
  public Optional<StoredRun> open(String runId) throws IOException {
    if (!runId.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*")) {
      return Optional.empty();
    }
    Path dir = runs().resolve(runId);
    return isDirectory(root) && isDirectory(runs()) && isDirectory(dir)
        && isFile(dir.resolve("journal.jsonl"))
        ? Optional.of(new FileRun(runId, dir)) : Optional.empty();
  }

  @Override
  public List<String> runIds() throws IOException {
    if (!isDirectory(root) || !isDirectory(runs())) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(runs())) {
      return s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
              && Files.isRegularFile(p.resolve("journal.jsonl"), LinkOption.NOFOLLOW_LINKS))
          .map(p -> p.getFileName().toString()).sorted(Comparator.reverseOrder()).toList();
    }
  }

  @Override
  public HostLocks locks() {
    return locks;
  }

  @Override
  public String describe() {
    return root.toString();
  }

  @Override
  public void close() {
    // nothing held open between calls
  }

  private Path runs() {
    return root.resolve("runs");
  }

  /**
   * Makes {@code dir} and its missing parents. The directory itself must not be a link: the state
   * store's own directories are never followed elsewhere.
   */
  static void mkdirs(Path dir) throws IOException {
    if (!isDirectory(dir)) {
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        mkdirs(parent);
      }
      Files.createDirectories(dir, OWNER_ONLY_DIR);
    }
  }

  /** True for a directory, false when nothing is there; refuses a link or anything else. */
  static boolean isDirectory(Path p) throws IOException {
    return is(p, true);
  }

  /** True for a regular file, false when nothing is there; refuses a link or anything else. */
  static boolean isFile(Path p) throws IOException {
    return is(p, false);
  }

  private static boolean is(Path p, boolean directory) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return false;
    }
    if (directory ? a.isDirectory() : a.isRegularFile()) {
      return true;
    }
    String what = a.isSymbolicLink() ? "a symbolic link" : a.isDirectory() ? "a directory"
        : a.isRegularFile() ? "a regular file" : "a special file";
    throw new StoreUnavailable(p + " is " + what + ", not " + (directory ? "a directory"
        : "a regular file") + " as the state store keeps it; refusing to follow or use it "
        + "(nothing was changed)", new FileSystemException(p.toString()));
  }

  static void write(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
    Files.setPosixFilePermissions(tmp, OWNER_ONLY_FILE);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * A run directory. Its journal is read once per object (a command's lifetime): status and
   * resume ask for the events, the torn tail and the journal in turn.
   */
  private final class FileRun implements StoredRun {

    private final String runId;
    private final Path dir;
    private JournalContents contents;

    FileRun(String runId, Path dir) {
      this.runId = runId;
      this.dir = dir;
    }

    @Override
    public String runId() {
      return runId;
    }

    private synchronized JournalContents contents() throws IOException {
      if (contents == null) {
        contents = FileJournal.read(dir.resolve("journal.jsonl"));
      }
      return contents;
    }

    @Override
    public String planFile() {
      return names().get(0);
    }

    @Override
    public String inventoryFile() {
      return names().get(1);
    }

    private List<String> names() {
      try {
        List<String> l = new String(read(dir.resolve("files")), StandardCharsets.UTF_8).lines()
            .toList();
        return l.size() >= 2 ? l : List.of("plan.yml", "inventory.yml");
      } catch (java.io.UncheckedIOException e) {
        return List.of("plan.yml", "inventory.yml");
      }
    }

    @Override
    public byte[] plan() {
      return read(dir.resolve("plan.yml"));
    }

    @Override
    public byte[] inventory() {
      return read(dir.resolve("inventory.yml"));
    }

    private static byte[] read(Path p) {
      try (var in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public List<Event> events() throws IOException {
      return contents().verified();
    }

    @Override
    public int unchainedLines() throws IOException {
      return contents().unchained();
    }

    @Override
    public boolean tornTail() throws IOException {
      return contents().tornTail();
    }

    @Override
    public Journal journal(Failpoint failpoint) throws IOException {
      Path file = dir.resolve("journal.jsonl");
      JournalContents c = contents();
      contents = null;
      if (c.tornTail()) {
        truncateTornTail(file);
      } else {
        endLastLine(file);
      }
      FileJournal j = new FileJournal(file, c, Failpoint.OFF);
      return leases.token(runId) == null ? j.withFailpoint(failpoint)
          : new FencedJournal(runId, j, leases, failpoint);
    }

    /**
     * A last event that lacks only its newline was read as an event: end its line, so that the
     * next event does not run on from it.
     */
    private static void endLastLine(Path file) throws IOException {
      try (var ch = java.nio.channels.FileChannel.open(file,
          java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
        long size = ch.size();
        java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
        if (size == 0 || ch.read(last, size - 1) == 1 && last.get(0) == '\n') {
          return;
        }
        ch.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}), size);
        ch.force(true);
      }
    }

    /** Cuts the half-written last line so that new events start on a line of their own. */
    private static void truncateTornTail(Path file) throws IOException {
      byte[] b = Files.readAllBytes(file);
      int end = b.length;
      while (end > 0 && b[end - 1] != '\n') {
        end--;
      }
      try (var ch = java.nio.channels.FileChannel.open(file,
          java.nio.file.StandardOpenOption.WRITE)) {
        ch.truncate(end);
        ch.force(true);
      }
    }
  }
}
