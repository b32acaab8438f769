package dev.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientIdsTest {

    @Test
    void issuedIdsAreWellFormedAndDistinct() {
        ClientIds ids = new ClientIds();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = ids.next();
            assertThat(ClientIds.isWellFormed(id)).as(id).isTrue();
            assertThat(seen.add(id)).isTrue();
        }
    }

    @Test
    void anythingElseIsNotAnId() {
        assertThat(ClientIds.isWellFormed(null)).isFalse();
        assertThat(ClientIds.isWellFormed("")).isFalse();
        assertThat(ClientIds.isWellFormed("c-aaaaaaaaaaaaaaa")).as("15 characters").isFalse();
        assertThat(ClientIds.isWellFormed("c-aaaaaaaaaaaaaaaaa")).as("17 characters").isFalse();
        assertThat(ClientIds.isWellFormed("c-aaaaaaaaaaaaaaa1")).as("1 is not in the alphabet").isFalse();
        assertThat(ClientIds.isWellFormed("c-AAAAAAAAAAAAAAAA")).as("upper case").isFalse();
        assertThat(ClientIds.isWellFormed("x-aaaaaaaaaaaaaaaa")).isFalse();
        assertThat(ClientIds.isWellFormed("c-aaaaaaaaaaaaaaaa")).isTrue();
    }
}
