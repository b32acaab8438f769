package dev.switchboard.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SequencedFrameTest {

    private static String typed(String object, long seq) {
        return new String(SequencedFrame.typed(object.getBytes(StandardCharsets.UTF_8)).render(seq),
                StandardCharsets.UTF_8);
    }

    @Test
    void aPublishedValueGoesInsideTheMessageEnvelope() {
        assertThat(new String(SequencedFrame.message("[1,2]".getBytes(StandardCharsets.UTF_8)).render(12),
                StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"message\",\"seq\":12,\"data\":[1,2]}");
    }

    @Test
    void anAppsObjectGetsSeqAsItsFirstMember() {
        assertThat(typed("{\"type\":\"app_state\",\"state\":\"LOADING\"}", 3))
                .isEqualTo("{\"seq\":3,\"type\":\"app_state\",\"state\":\"LOADING\"}");
        assertThat(typed("  { \"type\":\"x\" }\n", 4)).isEqualTo("{\"seq\":4,\"type\":\"x\" }");
        assertThat(typed("{}", 5)).isEqualTo("{\"seq\":5}");
        assertThat(typed("{ }", 6)).isEqualTo("{\"seq\":6}");
    }

    @Test
    void somethingElseThanAnObjectIsRefused() {
        assertThatThrownBy(() -> SequencedFrame.typed("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SequencedFrame.typed("{".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SequencedFrame.typed(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
