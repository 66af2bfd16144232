package dev.rollout.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The Mann-Whitney U test against SciPy's documented values, recomputed by hand: ranks, U, the
 * normal approximation with tie and continuity corrections.
 */
class MannWhitneyTest {

  @Test
  void matchesScipysDocumentedExample() {
    // scipy.stats.mannwhitneyu docs: males vs females, method="asymptotic": U1 17, p 0.1113...
    // By hand: ranks of males 5 7 3 9 8, R1 32, U1 = 32 - 15 = 17; mu 10,
    // sigma sqrt(5*4*10/12) = 4.0825; z = (17 - 10 - 0.5) / 4.0825 = 1.5922; p = 2(1 - phi(z)).
    MannWhitney.Result r = MannWhitney.test(new double[] {19, 22, 16, 29, 24},
        new double[] {20, 11, 17, 12});

    assertThat(r.u()).isEqualTo(17.0);
    assertThat(r.pTwoSided()).isCloseTo(0.11134688653314041, within(1e-9));
    assertThat(r.pGreater()).isCloseTo(0.11134688653314041 / 2, within(1e-9));
  }

  @Test
  void correctsForTies() {
    // By hand: ranks with ties averaged, U1 15.5, tie term sum(t^3 - t) = 144 over n = 20;
    // sigma = sqrt(10*10/12 * (21 - 144/380)) = 13.1088; z = (84.5 - 50 - 0.5) / 13.1088.
    MannWhitney.Result r = MannWhitney.test(new double[] {1, 2, 2, 3, 3, 3, 4, 5, 5, 6},
        new double[] {3, 4, 4, 5, 6, 6, 7, 7, 8, 9});

    assertThat(r.u()).isEqualTo(15.5);
    assertThat(r.pTwoSided()).isCloseTo(0.009495856104837136, within(1e-9));
    assertThat(r.pGreater()).isCloseTo(0.9962068814439572, within(1e-9));
  }

  @Test
  void identicalSamplesProveNothing() {
    MannWhitney.Result r = MannWhitney.test(new double[] {1, 1, 1}, new double[] {1, 1});

    assertThat(r.pTwoSided()).isEqualTo(1.0);
  }

  @Test
  void erfcIsAccurate() {
    assertThat(MannWhitney.erfc(0)).isCloseTo(1.0, within(1e-13));
    assertThat(MannWhitney.erfc(1)).isCloseTo(0.15729920705028513, within(1e-13));
    assertThat(MannWhitney.erfc(-1)).isCloseTo(1.8427007929497148, within(1e-13));
    assertThat(MannWhitney.erfc(3)).isCloseTo(2.209049699858544e-05, within(1e-15));
  }
}
