package dev.switchboard.bench.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WrkResultTest {

    private static final String OUTPUT = "Running 10s test @ http://127.0.0.1:8080/\n"
            + "  1 threads and 50 connections\n"
            + "  Thread Stats   Avg      Stdev     Max   +/- Stdev\n"
            + "    Latency     1.23ms  456.00us  12.34ms   89.00%\n"
            + "    Req/Sec    40.12k     1.23k   42.00k    70.00%\n"
            + "  Latency Distribution\n"
            + "     50%  850.00us\n"
            + "     75%    1.30ms\n"
            + "     90%    1.60ms\n"
            + "     99%    3.20ms\n"
            + "  401234 requests in 10.00s, 50.12MB read\n"
            + "Requests/sec:  40123.45\n"
            + "Transfer/sec:      5.01MB\n";

    @Test
    void parsesRateCountAndPercentilesInMicroseconds() {
        WrkResult r = WrkResult.parse(OUTPUT);
        assertThat(r.requestsPerSecond()).isEqualTo(40123.45);
        assertThat(r.requests()).isEqualTo(401234);
        assertThat(r.p50Micros()).isEqualTo(850.0);
        assertThat(r.p90Micros()).isEqualTo(1600.0);
        assertThat(r.p99Micros()).isEqualTo(3200.0);
        assertThat(r.failure()).isNull();
    }

    @Test
    void secondsAreConverted() {
        assertThat(WrkResult.percentile("     99%    1.50s\n", "99%")).isEqualTo(1_500_000.0);
        assertThat(WrkResult.percentile("nothing", "99%")).isNaN();
    }

    @Test
    void errorsAndNon2xxAnswersFailTheRun() {
        WrkResult r = WrkResult.parse(OUTPUT.replace("Requests/sec:", "  Socket errors: connect 0, read 2, write 0, timeout 1\n"
                + "  Non-2xx or 3xx responses: 7\nRequests/sec:"));
        assertThat(r.non2xx()).isEqualTo(7);
        assertThat(r.socketErrors()).isEqualTo(3);
        assertThat(r.failure()).contains("7 non-2xx").contains("3 socket errors");
    }

    @Test
    void outputWithoutARateIsRefused() {
        assertThatThrownBy(() -> WrkResult.parse("unable to connect to 127.0.0.1:1 Connection refused"))
                .hasMessageContaining("Requests/sec");
    }

    @Test
    void methodNotFoundIsToldApartFromOtherErrors() {
        assertThat(ControlCall.isMethodNotFound(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"method not found\"}}")).isTrue();
        assertThat(ControlCall.isMethodNotFound(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"bad params\"}}")).isFalse();
        assertThat(ControlCall.isMethodNotFound("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}")).isFalse();
    }
}
