package dev.rollout.journal;

import java.io.IOException;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Run leases and fencing over a real PostgreSQL. */
class PostgresRunLeaseTest extends RunLeaseFencingContract {

  @RegisterExtension static final PgTestDatabase DB = new PgTestDatabase();

  @Override
  RunStore store(String owner) throws IOException {
    return PostgresRunStore.open(DB.parsed(), System::getenv, owner);
  }
}
