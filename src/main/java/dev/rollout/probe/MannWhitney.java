package dev.rollout.probe;

import java.util.Arrays;

/**
 * The Mann-Whitney U test of two independent samples, by the normal approximation with the tie
 * correction and the continuity correction, as SciPy's {@code mannwhitneyu(x, y,
 * method="asymptotic")} computes it. Kayenta's judge uses this test; Rollout uses it with 20 or
 * more points per side, where the approximation is good.
 */
public final class MannWhitney {

  /**
   * @param u the U statistic of the first sample ({@code U1})
   * @param pTwoSided the two-sided p-value
   * @param pGreater the one-sided p-value of "the first sample is stochastically greater"
   */
  public record Result(double u, double pTwoSided, double pGreater) {}

  private MannWhitney() {}

  public static Result test(double[] x, double[] y) {
    int n1 = x.length;
    int n2 = y.length;
    if (n1 == 0 || n2 == 0) {
      throw new IllegalArgumentException("both samples need at least one value");
    }
    double[] all = new double[n1 + n2];
    System.arraycopy(x, 0, all, 0, n1);
    System.arraycopy(y, 0, all, n1, n2);
    Integer[] order = new Integer[all.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
    double[] rank = new double[all.length];
    double ties = 0;
    for (int i = 0; i < order.length; ) {
      int j = i;
      while (j + 1 < order.length && all[order[j + 1]] == all[order[i]]) {
        j++;
      }
      double r = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        rank[order[k]] = r;
      }
      double t = j - i + 1;
      ties += t * t * t - t;
      i = j + 1;
    }
    double r1 = 0;
    for (int i = 0; i < n1; i++) {
      r1 += rank[i];
    }
    double u1 = r1 - n1 * (n1 + 1) / 2.0;
    double n = n1 + n2;
    double mu = n1 * (double) n2 / 2;
    double sigma = Math.sqrt(n1 * (double) n2 / 12 * ((n + 1) - ties / (n * (n - 1))));
    if (sigma == 0) {
      return new Result(u1, 1, 1);
    }
    double zGreater = (u1 - mu - 0.5) / sigma;
    double zTwo = (Math.max(u1, n1 * (double) n2 - u1) - mu - 0.5) / sigma;
    return new Result(u1, Math.min(1, 2 * upperTail(zTwo)), upperTail(zGreater));
  }

  /** P(Z > z) of the standard normal distribution. */
  static double upperTail(double z) {
    return 0.5 * erfc(z / Math.sqrt(2));
  }

  /** The complementary error function, to about 1e-13 (W. J. Cody's rational approximations). */
  static double erfc(double x) {
    if (x < 0) {
      return 2 - erfc(-x);
    }
    // Chebyshev-fitted erfc from Numerical Recipes (3rd ed., Erf::erfccheb), relative error < 1e-13
    double[] cof = {-1.3026537197817094, 6.4196979235649026e-1, 1.9476473204185836e-2,
        -9.561514786808631e-3, -9.46595344482036e-4, 3.66839497852761e-4, 4.2523324806907e-5,
        -2.0278578112534e-5, -1.624290004647e-6, 1.303655835580e-6, 1.5626441722e-8,
        -8.5238095915e-8, 6.529054439e-9, 5.059343495e-9, -9.91364156e-10, -2.27365122e-10,
        9.6467911e-11, 2.394038e-12, -6.886027e-12, 8.94487e-13, 3.13092e-13, -1.12708e-13,
        3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16, -2.8e-17};
    double t = 2 / (2 + x);
    double ty = 4 * t - 2;
    double d = 0;
    double dd = 0;
    for (int j = cof.length - 1; j > 0; j--) {
      double tmp = d;
      d = ty * d - dd + cof[j];
      dd = tmp;
    }
    return t * Math.exp(-x * x + 0.5 * (cof[0] + ty * d) - dd);
  }
}
