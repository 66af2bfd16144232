package dev.rollout.source;

import java.util.Collection;
import java.util.Optional;

/** The closest valid name to a misspelled one, by edit distance. */
public final class Suggest {

  private Suggest() {}

  /**
   * The candidate closest to {@code word}, when it is close enough to be a likely typo: a few edits
   * away, and fewer edits than either word has letters ("5" is not a typo of "a").
   */
  public static Optional<String> closest(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(word.toLowerCase(), c.toLowerCase());
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    int limit = Math.max(2, word.length() / 3);
    boolean likely = bestDistance <= limit && bestDistance < word.length()
        && best != null && bestDistance < best.length();
    return likely ? Optional.of(best) : Optional.empty();
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
