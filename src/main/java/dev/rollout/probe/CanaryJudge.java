package dev.rollout.probe;

import java.util.Arrays;
import java.util.Locale;

/**
 * Judges one metric of canaries against control hosts, or against the canaries' own pre-change
 * window when no controls are left (the last wave). With fewer than {@link #MIN_POINTS} points a
 * side, by the ratio of changes: the canaries' change over their own baseline may be at most
 * {@code tolerance} times the controls' change. With {@link #MIN_POINTS} or more a side, by the
 * Mann-Whitney U test (Kayenta's method) at {@code confidence}. Which way is worse comes from the
 * probe's success condition. Pure.
 */
public final class CanaryJudge {

  /** Points per side from which the Mann-Whitney U test judges. */
  public static final int MIN_POINTS = 20;

  /** The verdict on a metric. */
  public enum Verdict {
    /** The canaries did not degrade beyond the rule. */
    PASS,
    /** The canaries degraded beyond what the controls (or their own baseline) allow. */
    CANARY_WORSE,
    /** The canaries degraded, and the controls as much: a fleet-wide blip, not the change. */
    CONTROLS_MOVED_TOO,
    /** A side has no measurement to judge by (no data, or metrics unavailable throughout). */
    NO_DATA
  }

  /** A verdict, the method that gave it ({@code ratio}, {@code Mann-Whitney U}), and why. */
  public record Judgement(Verdict verdict, String method, String sentence) {}

  private CanaryJudge() {}

  /**
   * @param controlBefore the controls' baseline; null when there are no controls (then {@code
   *     controlDuring} is ignored and the canaries are compared with their own baseline)
   */
  public static Judgement judge(String metric, boolean higherIsWorse, double[] canaryBefore,
      double[] canaryDuring, double[] controlBefore, double[] controlDuring, double tolerance,
      double confidence) {
    double sign = higherIsWorse ? 1 : -1;
    if (canaryBefore.length == 0 || canaryDuring.length == 0 || controlBefore != null
        && (controlBefore.length == 0 || controlDuring.length == 0)) {
      return new Judgement(Verdict.NO_DATA, "none", metric + ": no measurements to judge by ("
          + (canaryBefore.length == 0 || canaryDuring.length == 0 ? "canaries" : "controls")
          + " " + (canaryBefore.length == 0 || controlBefore != null && controlBefore.length == 0
          ? "before the change" : "during the soak") + ")");
    }
    double canaryChange = sign * (mean(canaryDuring) - mean(canaryBefore));
    if (controlBefore == null) {
      return ownWindow(metric, sign, canaryBefore, canaryDuring, canaryChange, tolerance,
          confidence);
    }
    double controlChange = sign * (mean(controlDuring) - mean(controlBefore));
    String changes = "canaries " + signed(canaryChange) + ", controls " + signed(controlChange);
    if (canaryDuring.length >= MIN_POINTS && controlDuring.length >= MIN_POINTS) {
      double p = worseP(sign, canaryDuring, controlDuring);
      String m = "Mann-Whitney U";
      String how = " (" + changes + "; p " + fmt(p) + " at confidence " + confidence + ")";
      if (p < 1 - confidence) {
        return new Judgement(Verdict.CANARY_WORSE, m, metric + ": the canaries are worse than "
            + "the controls" + how);
      }
      return degraded(canaryChange, canaryBefore, tolerance) && controlChange > 0
          ? new Judgement(Verdict.CONTROLS_MOVED_TOO, m, metric + ": the control hosts moved too:"
              + " not the change" + how)
          : new Judgement(Verdict.PASS, m, metric + ": no worse than the controls" + how);
    }
    String how = " (" + changes + ", tolerance " + tolerance + "x)";
    if (!degraded(canaryChange, canaryBefore, tolerance)) {
      return new Judgement(Verdict.PASS, "ratio", metric + ": the canaries did not degrade"
          + " beyond " + tolerance + "x their own pre-change value" + how);
    }
    if (controlChange > 0 && canaryChange <= tolerance * controlChange) {
      return new Judgement(Verdict.CONTROLS_MOVED_TOO, "ratio", metric + ": the control hosts "
          + "moved too: not the change" + how);
    }
    return new Judgement(Verdict.CANARY_WORSE, "ratio", metric + ": the canaries degraded "
        + "beyond " + tolerance + "x the controls' change" + how);
  }

  private static Judgement ownWindow(String metric, double sign, double[] before,
      double[] during, double change, double tolerance, double confidence) {
    String where = " (no controls left: compared with the same hosts' pre-change window)";
    if (before.length >= MIN_POINTS && during.length >= MIN_POINTS) {
      double p = worseP(sign, during, before);
      Verdict v = p < 1 - confidence ? Verdict.CANARY_WORSE : Verdict.PASS;
      return new Judgement(v, "Mann-Whitney U", metric + (v == Verdict.PASS ? ": no worse than "
          + "before the change" : ": worse than before the change") + ", p " + fmt(p) + where);
    }
    boolean worse = degraded(change, before, tolerance);
    return new Judgement(worse ? Verdict.CANARY_WORSE : Verdict.PASS, "ratio", metric
        + (worse ? ": degraded beyond " : ": within ") + tolerance + "x its pre-change value ("
        + signed(change) + ")" + where);
  }

  /**
   * Whether the canaries' {@code change} is a degradation worth judging: worse at all from a
   * baseline of zero, else by more than {@code tolerance - 1} times the baseline (noise that moves
   * canaries and controls a little is neither the change nor a blip).
   */
  private static boolean degraded(double change, double[] before, double tolerance) {
    double base = Math.abs(mean(before));
    return change > 0 && (base == 0 || change > (tolerance - 1) * base);
  }

  /** The one-sided p-value of "{@code a} is worse than {@code b}". */
  private static double worseP(double sign, double[] a, double[] b) {
    MannWhitney.Result r = sign > 0 ? MannWhitney.test(a, b) : MannWhitney.test(b, a);
    return r.pGreater();
  }

  static double mean(double[] v) {
    return v.length == 0 ? 0 : Arrays.stream(v).average().orElse(0);
  }

  private static String signed(double d) {
    return (d >= 0 ? "+" : "") + Measurement.format(d);
  }

  private static String fmt(double p) {
    return String.format(Locale.ROOT, "%.4f", p);
  }
}
