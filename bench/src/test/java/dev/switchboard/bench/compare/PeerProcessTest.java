package dev.switchboard.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.bench.ws.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerProcessTest {

    @Test
    void plainPeersFollowTheContract() {
        Target netty = PeerProcess.target("netty", 4000, 4001);
        assertThat(netty.subscriber().apply(7).toString()).isEqualTo("ws://127.0.0.1:4000/sub");
        assertThat(netty.publish().toString()).isEqualTo("http://127.0.0.1:4000/pub");
        assertThat(netty.body().apply("{\"t\":1}")).as("the body is the message, unchanged").isEqualTo("{\"t\":1}");
        assertThat(netty.protocol().readyOnOpen()).isTrue();
    }

    @Test
    void socketIoPeersSpeakEngineIoAndNettySocketIoPublishesOnItsSecondPort() {
        Target node = PeerProcess.target("socketio", 4000, 4001);
        assertThat(node.subscriber().apply(0).toString())
                .isEqualTo("ws://127.0.0.1:4000/socket.io/?EIO=4&transport=websocket");
        assertThat(node.publish().getPort()).isEqualTo(4000);
        assertThat(PeerProcess.target("netty-socketio", 4000, 4001).publish().toString())
                .isEqualTo("http://127.0.0.1:4001/pub");
    }

    @Test
    void unknownNamesAreReported() {
        assertThat(PeerProcess.unknown(List.of("switchboard", "netty", "nginx-foo"))).containsExactly("nginx-foo");
    }
}
