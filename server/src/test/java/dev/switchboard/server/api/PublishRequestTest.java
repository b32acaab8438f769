package dev.switchboard.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.hub.Message;
import dev.switchboard.core.hub.Target;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PublishRequestTest {

    private final ObjectMapper json = new ObjectMapper();

    private PublishRequest parse(String body) throws Exception {
        return PublishRequest.parse(json.readTree(body), json, 1024);
    }

    private void assertRejected(String body, String code) {
        assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void eachTargetKindParses() throws Exception {
        assertThat(parse("{\"device\":\"d\",\"data\":1}").target()).isEqualTo(Target.device("d"));
        assertThat(parse("{\"user\":\"u\",\"data\":1}").target()).isEqualTo(Target.user("u"));
        assertThat(parse("{\"channel\":\"c\",\"data\":1}").target()).isEqualTo(Target.channel("c"));
        assertThat(parse("{\"broadcast\":true,\"data\":1}").target()).isSameAs(Target.broadcast());
    }

    @Test
    void dataIsSerialisedOnceAsCompactJson() throws Exception {
        Message message = parse("{\"device\":\"d\",\"data\": { \"a\" : [1, 2] } }").message();
        assertThat(message.kind()).isEqualTo(Message.Kind.JSON);
        assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":[1,2]}");
    }

    @Test
    void binaryIsDecodedFromStandardOrUrlSafeBase64() throws Exception {
        assertThat(parse("{\"device\":\"d\",\"binary\":\"+/8=\"}").message().body())
                .containsExactly(0xFB, 0xFF);
        assertThat(parse("{\"device\":\"d\",\"binary\":\"-_8=\"}").message().body())
                .containsExactly(0xFB, 0xFF);
    }

    @Test
    void badRequestsAreRefusedWithPreciseCodes() {
        assertRejected("{\"data\":1}", "bad_target");
        assertRejected("{\"device\":\"d\",\"user\":\"u\",\"data\":1}", "bad_target");
        assertRejected("{\"broadcast\":false,\"data\":1}", "bad_target");
        assertRejected("{\"device\":\"\",\"data\":1}", "bad_target");
        assertRejected("{\"device\":7,\"data\":1}", "bad_target");
        assertRejected("{\"channel\":\"a b\",\"data\":1}", "invalid_channel");
        assertRejected("{\"device\":\"d\"}", "bad_payload");
        assertRejected("{\"device\":\"d\",\"data\":1,\"binary\":\"AA==\"}", "bad_payload");
        assertRejected("{\"device\":\"d\",\"binary\":\"not base64!\"}", "bad_payload");
        assertRejected("[1]", "bad_request");
        assertRejected("{\"device\":\"d\",\"data\":1,\"chanel\":\"x\"}", "unknown_field");
    }

    @Test
    void oversizedPayloadIs413() {
        String big = "x".repeat(2000);
        assertThatThrownBy(() -> parse("{\"device\":\"d\",\"data\":\"" + big + "\"}"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
                    assertThat(e.code()).isEqualTo("message_too_big");
                });
    }
}
