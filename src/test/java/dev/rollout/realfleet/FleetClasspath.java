package dev.rollout.realfleet;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Not a test: {@code bench/realfleet.sh} runs it by name ({@code -Dtest=FleetClasspath
 * -Drealfleet.classpath=FILE}) to learn the test classpath that {@link FleetByHand} runs with, as
 * Maven resolved it (the dependency plugin cannot be resolved offline here). Its name matches no
 * pattern that the build runs by itself.
 */
class FleetClasspath {

  @Test
  void writeTheTestClasspath() throws Exception {
    String file = System.getProperty("realfleet.classpath");
    Assumptions.assumeTrue(file != null, "run by bench/realfleet.sh only");
    String cp = System.getProperty("surefire.test.class.path", System.getProperty(
        "java.class.path"));
    Files.writeString(Path.of(file), cp);
  }
}
