package dev.switchboard.server.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.control.ControlClient;
import dev.switchboard.client.control.ControlClientOptions;
import dev.switchboard.server.RawWebSocket;
import dev.switchboard.server.TestGateway;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random bytes at every door — the gateway port before and after the upgrade, and the control socket —
 * and churn of lines with subscriptions and pairings: the process and an innocent bystander line carry on,
 * and nothing is left behind. The seed is fixed so that a failure can be replayed.
 */
class HostileInputIT {

    private static final long SEED = 20261122L;

    @TempDir
    Path home;
    private TestGateway gateway;
    private final Random random = new Random(SEED);

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.start(home);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private byte[] garbage(int max) {
        byte[] bytes = new byte[1 + random.nextInt(max)];
        random.nextBytes(bytes);
        return bytes;
    }

    @Test
    void garbageAtEveryDoorLeavesTheGatewayServingAndABystanderUntouched() throws Exception {
        try (RawWebSocket bystander = gateway.connect("alice", "bystander")) {
            for (int i = 0; i < 100; i++) {
                // Raw bytes where an HTTP request should be.
                try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
                    OutputStream out = socket.getOutputStream();
                    out.write(garbage(2048));
                    out.flush();
                } catch (IOException closedOnUs) {
                    // the gateway may hang up mid-write: that is allowed
                }
                // Random frames (random opcodes, lengths, flags) on an upgraded line.
                try (RawWebSocket line = gateway.connect("mallory", "m" + i)) {
                    for (int f = 0; f < 5; f++) {
                        line.send(random.nextInt(16), garbage(512), random.nextBoolean());
                    }
                } catch (IOException closedOnUs) {
                    // a protocol violation closes that line: allowed
                }
                // Raw bytes on the control socket, sometimes starting like one of its protocols.
                try (SocketChannel control = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    control.connect(UnixDomainSocketAddress.of(home.resolve("control.sock")));
                    byte[] bytes = garbage(1024);
                    int start = random.nextInt(3);
                    if (start == 1) {
                        bytes[0] = '{';
                    } else if (start == 2) {
                        bytes[0] = (byte) 0xB5;
                    }
                    control.write(ByteBuffer.wrap(bytes));
                } catch (IOException closedOnUs) {
                    // allowed
                }
            }

            assertThat(gateway.publish("{\"device\":\"bystander\",\"data\":\"still here\"}").body())
                    .isEqualTo("{\"delivered\":1}");
            assertThat(bystander.readTextContaining("still here").text()).contains("\"seq\":1");
            try (ControlClient control = ControlClient.connect(
                    ControlClientOptions.forSocket(home.resolve("control.sock")))) {
                // The report is periodic: one taken while a loaded machine stalled the loops may say degraded.
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(control.health().get("status").asText()).isEqualTo("ok"));
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> gateway.node.hub().lineCount() == 1);
        }
    }

    @Test
    void churnOfLinesWithChannelsAndPairingsLeavesNothingBehind() throws Exception {
        gateway.close();
        // Every join comes from 127.0.0.1: lift the per-address join limit, which is not under test here.
        // Dropped lines keep their sessions (and channel memberships) for the resume grace: keep it short.
        gateway = TestGateway.start(home, config -> config
                .withPairing(new dev.switchboard.server.config.PairingConfig(4, Duration.ofMinutes(2), 3, 1, 10_000))
                .withSessions(new dev.switchboard.server.config.SessionConfig(Duration.ofMillis(200), 1000, 1 << 20)));
        for (int round = 0; round < 200; round++) {
            try (RawWebSocket a = gateway.connect("u" + round, "a" + round);
                 RawWebSocket b = gateway.connect("u" + round, "b" + round)) {
                a.sendText("{\"type\":\"subscribe\",\"channel\":\"room-" + (round % 7) + "\"}");
                a.readTextContaining("subscribed");
                a.sendText("{\"type\":\"pair_create\"}");
                String code = a.readTextContaining("pair_code").text().replaceAll(".*\"code\":\"([A-Z0-9]+)\".*", "$1");
                if (round % 2 == 0) {
                    b.sendText("{\"type\":\"pair_join\",\"code\":\"" + code + "\"}");
                    b.readTextContaining("pair_paired");
                }
            }
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> gateway.node.hub().lineCount() == 0);
        await().atMost(Duration.ofSeconds(15)).until(() -> gateway.node.sessions().size() == 0);
        assertThat(gateway.node.hub().endpointCount()).isZero();
        assertThat(gateway.node.hub().channelCount()).isZero();
        assertThat(gateway.node.pairing().list()).isEmpty();
        assertThat(gateway.node.pairing().activePairings()).isZero();
        assertThat(gateway.node.pairing().openCodes()).isZero();
        assertThat(gateway.node.hub().lineOfDevice("a0")).isEmpty();
    }
}
