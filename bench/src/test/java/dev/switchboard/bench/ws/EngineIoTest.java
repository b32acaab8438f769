package dev.switchboard.bench.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngineIoTest {

    @Test
    void openIsAnsweredWithANamespaceConnect() {
        assertThat(EngineIo.reply("0{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000}"))
                .isEqualTo("40");
    }

    @Test
    void pingIsAnsweredWithPongCarryingTheSamePayload() {
        assertThat(EngineIo.reply("2")).isEqualTo("3");
        assertThat(EngineIo.reply("2probe")).isEqualTo("3probe");
    }

    @Test
    void eventsConnectAcksAndEmptyFramesNeedNoAnswer() {
        assertThat(EngineIo.reply("42[\"msg\",{}]")).isNull();
        assertThat(EngineIo.reply("40{\"sid\":\"x\"}")).isNull();
        assertThat(EngineIo.reply("")).isNull();
    }

    @Test
    void connectAckOfTheDefaultNamespaceOnly() {
        assertThat(EngineIo.isConnected("40{\"sid\":\"x\"}")).isTrue();
        assertThat(EngineIo.isConnected("40")).isTrue();
        assertThat(EngineIo.isConnected("40/admin,{\"sid\":\"x\"}")).isFalse();
        assertThat(EngineIo.isConnected("42[\"msg\",1]")).isFalse();
        assertThat(EngineIo.isConnected("0{\"sid\":\"x\"}")).isFalse();
    }

    @Test
    void eventPacketsRoundTrip() {
        String packet = EngineIo.event("msg", "{\"t\":1,\"p\":\"a,b\"}");
        assertThat(packet).isEqualTo("42[\"msg\",{\"t\":1,\"p\":\"a,b\"}]");
        assertThat(EngineIo.eventData(packet)).isEqualTo("{\"t\":1,\"p\":\"a,b\"}");
        assertThat(EngineIo.eventData("2")).isNull();
    }

    @Test
    void socketIoProtocolReadiesOnTheConnectAck() {
        WireProtocol protocol = WireProtocol.socketIo();
        assertThat(protocol.readyOnOpen()).isFalse();
        assertThat(protocol.opened()).isEmpty();
        assertThat(protocol.reply("0{\"sid\":\"s\"}")).isEqualTo("40");
        assertThat(protocol.readyOn("40{\"sid\":\"t\"}")).isTrue();
    }
}
