package dev.rollout.testfleet;

/** Plan parts the fleet tests share. */
public final class TestPlans {

  private TestPlans() {}

  /**
   * The change v1 -> v2 of a host's {@code config} file with a backup, counted in {@code
   * change-count}; verify that v2 is in place; roll back from the backup, counted in {@code
   * rollback-count}. A plan adds its own {@code health}.
   */
  public static final String V2_STEPS = """
      change:
        - name: back up
          run: cp config config.bak
        - name: write v2
          run: echo v2 > config && echo x >> change-count
      verify:
        - name: v2 in place
          run: grep -qx v2 config
      rollback:
        - name: restore
          run: cp config.bak config && echo x >> rollback-count
      """;
}
