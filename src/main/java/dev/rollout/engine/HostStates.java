package dev.rollout.engine;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every host's state in target order, with the hosts of each state and the hosts with a probe
 * unhealthy kept as sets of target positions. The decision asks "which hosts are changed and
 * unhealthy" whenever anything happens while hosts are in flight; walking every host for it made
 * a wave's cost grow with the square of its size. These answers cost the words of a bit set plus
 * the hosts returned, in the same target order as a walk would give.
 */
final class HostStates {

  private final Map<String, HostState> states = new LinkedHashMap<>();
  private final Map<String, HostState> view = new View();
  private final Map<String, Integer> position = new HashMap<>();
  private final List<String> names = new ArrayList<>();
  private final Map<HostState, BitSet> byState = new EnumMap<>(HostState.class);
  private final BitSet unhealthy = new BitSet();
  private long walked;

  HostStates() {
    for (HostState s : HostState.values()) {
      byState.put(s, new BitSet());
    }
  }

  /** Every host and its state, in target order; a read-only view of this record. */
  Map<String, HostState> view() {
    return view;
  }

  HostState get(String host) {
    return states.get(host);
  }

  void put(String host, HostState state) {
    int at = positionOf(host);
    HostState was = states.put(host, state);
    if (was != null) {
      byState.get(was).clear(at);
    }
    byState.get(state).set(at);
  }

  void putIfAbsent(String host, HostState state) {
    if (!states.containsKey(host)) {
      put(host, state);
    }
  }

  /** Records whether {@code host} has a probe whose last recorded health is unhealthy. */
  void unhealthy(String host, boolean any) {
    unhealthy.set(positionOf(host), any);
  }

  /** The hosts in any of {@code wanted}, in target order. */
  List<String> in(HostState... wanted) {
    BitSet all = new BitSet();
    for (HostState s : wanted) {
      all.or(byState.get(s));
    }
    return names(all);
  }

  /** The hosts in {@code state} with a probe unhealthy (inconclusive included), in target order. */
  List<String> unhealthyIn(HostState state) {
    BitSet both = (BitSet) byState.get(state).clone();
    both.and(unhealthy);
    return names(both);
  }

  /**
   * How many hosts were walked: each host an answer held, and each entry of {@link #view} that
   * was iterated over (a look-up of one host is not a walk). What guards that nothing asks for
   * every host once per event ({@code LinearWaveTest}).
   */
  long walked() {
    return walked;
  }

  private List<String> names(BitSet at) {
    List<String> out = new ArrayList<>(at.cardinality());
    for (int i = at.nextSetBit(0); i >= 0; i = at.nextSetBit(i + 1)) {
      out.add(names.get(i));
    }
    walked += out.size();
    return out;
  }

  /** The states, read-only; iterating over them counts as a walk. */
  private final class View extends AbstractMap<String, HostState> {
    private final Map<String, HostState> read = Collections.unmodifiableMap(states);

    @Override
    public Set<Map.Entry<String, HostState>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, HostState>> iterator() {
          Iterator<Map.Entry<String, HostState>> all = read.entrySet().iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return all.hasNext();
            }

            @Override
            public Map.Entry<String, HostState> next() {
              walked++;
              return all.next();
            }
          };
        }

        @Override
        public int size() {
          return states.size();
        }
      };
    }

    @Override
    public HostState get(Object host) {
      return states.get(host);
    }

    @Override
    public boolean containsKey(Object host) {
      return states.containsKey(host);
    }

    @Override
    public int size() {
      return states.size();
    }
  }

  private int positionOf(String host) {
    Integer at = position.get(host);
    if (at == null) {
      at = names.size();
      position.put(host, at);
      names.add(host);
    }
    return at;
  }
}
