package dev.rollout.plan;

import dev.rollout.inventory.Inventory;
import dev.rollout.inventory.InventoryFormat;
import dev.rollout.inventory.InventoryLoader;
import dev.rollout.inventory.InventorySources;
import dev.rollout.inventory.ansible.VarsTree;
import dev.rollout.source.InputFile;
import dev.rollout.source.InvalidInputException;
import dev.rollout.source.Position;
import dev.rollout.source.Problems;
import dev.rollout.source.YamlLoader;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Loads a plan file and an inventory file together and checks one against the other, reporting
 * the problems of both files at once.
 */
public final class PlanFiles {

  /** A loaded, checked plan and the hash of what it was made from. */
  public record Loaded(ResolvedPlan plan, PlanHash hash, byte[] planBytes, byte[] inventoryBytes) {}

  private final Function<String, String> env;
  private final String sshConfig;
  private final LongAdder visits;

  public PlanFiles(Function<String, String> env) {
    this(env, null);
  }

  /** @param sshConfig {@code -F}: an ssh_config file or {@code none}; null when not given */
  public PlanFiles(Function<String, String> env, String sshConfig) {
    this(env, sshConfig, new LongAdder());
  }

  /** @param visits counts the hosts that checking the plan visits ({@link PlanChecker}) */
  PlanFiles(Function<String, String> env, String sshConfig, LongAdder visits) {
    this.env = env;
    this.sshConfig = sshConfig;
    this.visits = visits;
  }

  public Loaded load(Path planFile, Path inventoryFile) throws InvalidInputException {
    Problems problems = new Problems();
    byte[] planBytes = read(planFile, problems, "check the plan file's path");
    byte[] invBytes = read(inventoryFile, problems,
        "check the path; the inventory defaults to ./inventory.yml, -i names another");
    problems.throwIfAny();
    InventoryLoader loader = new InventoryLoader(env, sshConfig);
    InventoryFormat.Told told = loader.tell(inventoryFile.toString(),
        new String(invBytes, java.nio.charset.StandardCharsets.UTF_8));
    invBytes = withVarsDirs(inventoryFile, invBytes, told.format(), problems);
    problems.throwIfAny();
    return load(planFile.toString(), planBytes, inventoryFile.toString(), invBytes, loader, told);
  }

  /** An Ansible inventory's bytes together with the group_vars/ and host_vars/ beside it. */
  private static byte[] withVarsDirs(Path inventoryFile, byte[] bytes, InventoryFormat format,
      Problems problems) {
    if (!format.ansible()) {
      return bytes;
    }
    Path dir = inventoryFile.toAbsolutePath().getParent();
    try {
      return InventorySources.pack(bytes, VarsTree.scan(dir));
    } catch (IOException e) {
      problems.add(new Position(inventoryFile.toString(), 1, 1), "", "cannot read the"
          + " group_vars/ or host_vars/ beside the inventory: " + e.getMessage(), "");
      return bytes;
    }
  }

  /**
   * Loads from bytes kept with a run, so a resume uses what the run started with: the inventory,
   * its vars directories and, when the run kept them, the ssh_config files as they were read then
   * (the {@code -F} of this object is then not used). The {@code inventoryBytes} of the result
   * hold the ssh_config files read, for a new run to keep.
   */
  public Loaded load(String planName, byte[] planBytes, String invName, byte[] invBytes)
      throws InvalidInputException {
    return load(planName, planBytes, invName, invBytes, new InventoryLoader(env, sshConfig), null);
  }

  /**
   * @param told the inventory's format as {@code loader} told it from the same text; null when
   *     not told yet
   */
  private Loaded load(String planName, byte[] planBytes, String invName, byte[] invBytes,
      InventoryLoader loader, InventoryFormat.Told told) throws InvalidInputException {
    Problems problems = new Problems();
    InventorySources.Unpacked inventory = InventorySources.unpack(invBytes);
    String invText = new YamlLoader(invName, problems).text(inventory.file());
    String planText = new YamlLoader(planName, problems).text(planBytes);
    problems.throwIfAny();
    InventorySources.SshConfigCopy kept = inventory.ssh();
    InventoryLoader used = kept == null ? loader : InventoryLoader.asKept(env, kept);
    Inventory inv = told == null || kept != null
        ? used.load(invName, invText, inventory.tree(), problems)
        : used.load(told, invName, invText, inventory.tree(), problems);
    Plan plan = new PlanLoader(problems, env).load(planName, planText);
    if (plan == null || inv.hosts().isEmpty() && !problems.isEmpty()) {
      // An unreadable inventory would make every target of the plan look unknown: report the
      // inventory's own problems, not that cascade.
      problems.throwIfAny();
    }
    ResolvedPlan rp = new PlanChecker(problems, visits).check(plan, inv);
    problems.throwIfAny();
    byte[] hashed = InventorySources.pack(inventory.file(), inventory.tree());
    byte[] keep = kept != null ? invBytes : InventorySources.pack(inventory.file(),
        inventory.tree(), new InventorySources.SshConfigCopy(used.sshConfigUsed(),
            used.sshConfigRead()));
    return new Loaded(rp, PlanHash.of(planBytes, hashed, rp.targets()), planBytes, keep);
  }

  private static byte[] read(Path file, Problems problems, String notFoundHint) {
    Position at = new Position(file.toString(), 1, 1);
    try {
      return InputFile.read(file);
    } catch (NoSuchFileException e) {
      problems.add(at, "", "file not found", notFoundHint);
    } catch (InputFile.Refused e) {
      problems.add(at, "", e.getMessage(), e.hint());
    } catch (IOException e) {
      problems.add(at, "", "cannot read the file: " + e.getMessage(), "");
    }
    return new byte[0];
  }
}
