package dev.switchboard.bench.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void switchboardSubscribesEachLineAndWrapsThePublishForTheApi() {
        Target target = Target.switchboard(9000, i -> "tok" + i, "key", "bench");
        assertThat(target.subscriber().apply(3).toString()).isEqualTo("ws://127.0.0.1:9000/ws?token=tok3");
        assertThat(target.headers()).containsEntry("Authorization", "Bearer key");
        assertThat(target.body().apply("{\"t\":5}")).isEqualTo("{\"channel\":\"bench\",\"data\":{\"t\":5}}");
        assertThat(target.protocol().opened()).containsExactly("{\"type\":\"subscribe\",\"channel\":\"bench\"}");
        assertThat(target.protocol().readyOn("{\"type\":\"connection_ack\"}")).isFalse();
        assertThat(target.protocol().readyOn("{\"type\":\"subscribed\",\"channel\":\"bench\"}")).isTrue();
    }

    @Test
    void targetedPublishesNameOneOfTheDevices() {
        Target target = Target.switchboardDevices(9000, i -> "tok" + i, "key", 3, i -> "dev-" + i);
        for (int i = 0; i < 20; i++) {
            assertThat(target.body().apply("{\"t\":5}")).matches("\\{\"device\":\"dev-[012]\",\"data\":\\{\"t\":5}}");
        }
        assertThat(target.protocol().readyOn("{\"type\":\"connection_ack\",\"id\":\"x\"}")).isTrue();
    }
}
