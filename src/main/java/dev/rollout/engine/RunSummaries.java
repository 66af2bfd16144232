package dev.rollout.engine;

import java.util.ArrayList;
import java.util.List;

/** The one-line summaries a run ends with. */
final class RunSummaries {

  private RunSummaries() {}

  static String completed(RunState st) {
    List<String> parts = new ArrayList<>();
    parts.add(st.in(HostState.CHANGED).size() + " host(s) changed and healthy");
    List<String> rolled = st.in(HostState.ROLLED_BACK);
    if (!rolled.isEmpty()) {
      parts.add("failed within maxFailures and rolled back: " + String.join(", ", rolled));
    }
    return String.join("; ", parts);
  }

  static String hosts(RunState st) {
    List<String> out = new ArrayList<>();
    st.hosts().forEach((h, s) -> out.add(h + "=" + s.words()));
    return String.join(", ", out);
  }
}
