package dev.rollout.plan;

import dev.rollout.inventory.Host;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 hashes of what a preview was made from: the plan file, the inventory file and the
 * resolved targets (name, address, port, user, jump host and container route of each, in order).
 */
public record PlanHash(String plan, String inventory, String targets) {

  public static PlanHash of(byte[] planBytes, byte[] inventoryBytes, List<Host> targets) {
    StringBuilder t = new StringBuilder();
    for (Host h : targets) {
      t.append(h.name()).append('\t').append(h.address()).append('\t').append(h.port())
          .append('\t').append(h.user()).append('\t').append(h.via()).append('\t')
          .append(h.container()).append('\n');
    }
    return new PlanHash(sha256(planBytes), sha256(inventoryBytes),
        sha256(t.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** What differs between a saved hash and this one, in words; empty when they match. */
  public List<String> differences(PlanHash saved) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    if (!plan.equals(saved.plan)) {
      out.add("the plan file changed");
    }
    if (!inventory.equals(saved.inventory)) {
      out.add("the inventory file changed");
    }
    if (!targets.equals(saved.targets)) {
      out.add("the resolved targets changed");
    }
    return out;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
