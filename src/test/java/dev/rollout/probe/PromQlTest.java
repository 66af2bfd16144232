package dev.rollout.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.plan.MetricQuery;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values go into PromQL only as escaped label values. */
class PromQlTest {

  @Test
  void escapesWhatCouldEndTheString() {
    assertThat(PromQl.labelValue("a\"}or vector(1)#")).isEqualTo("a\\\"}or vector(1)#");
    assertThat(PromQl.labelValue("back\\slash")).isEqualTo("back\\\\slash");
    assertThat(PromQl.labelValue("line\nbreak\ttab\r")).isEqualTo("line\\nbreak\\ttab\\r");
    assertThat(PromQl.labelValue("bell\u0007")).isEqualTo("bell\\x07");
    assertThat(PromQl.labelValue("web-1.example.net")).isEqualTo("web-1.example.net");
  }

  @Test
  void aHostileHostNameStaysOneLabelValue() {
    String q = MetricQuery.resolve("up{host=\"${host.name}\"} == 1", ref -> "a\"}or vector(1)#");

    assertThat(q).isEqualTo("up{host=\"a\\\"}or vector(1)#\"} == 1");
    // the whole value is inside the one string: nothing of it is query text
    int open = q.indexOf('"');
    int close = q.indexOf("\"}", open + 1 + q.substring(open + 1).indexOf("#"));
    assertThat(q.substring(close)).isEqualTo("\"} == 1");
  }

  @Test
  void findsVariablesOutsideDoubleQuotedStrings() {
    String q = "sum(x{a=\"${host.name}\", b='${host.name}', c=`${host.name}`}) by (${vars.l})"
        + " # ${run.id}\n+ y{d=\"esc\\\"${vars.k}\"}";
    List<Integer> offsets = dev.rollout.plan.Template.references(q).stream()
        .map(dev.rollout.plan.Template.Reference::offset).toList();

    List<Integer> outside = PromQl.outsideDoubleQuotes(q, offsets);

    assertThat(outside).containsExactly(offsets.get(1), offsets.get(2), offsets.get(3),
        offsets.get(4));
  }
}
