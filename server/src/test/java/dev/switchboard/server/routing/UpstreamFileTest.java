package dev.switchboard.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.routing.Upstream;
import dev.switchboard.core.routing.UpstreamStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamFileTest {

    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void roundTripKeepsEveryField() throws Exception {
        UpstreamFile file = new UpstreamFile(home.resolve("upstreams.json"), json);
        Upstream a = new Upstream("u-abcdef", "127.0.0.1", 3000, "/src/a", "com.a", "a",
                Instant.parse("2026-01-01T00:00:00.123Z"));
        Upstream b = new Upstream("u-ghijkm", "localhost", 3001, null, null, null, Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(file.save(List.of(new UpstreamStatus(a, true), new UpstreamStatus(b, false)))).isTrue();
        assertThat(file.load()).containsExactly(a, b);
        try (var stream = Files.list(home)) {
            assertThat(stream.map(p -> p.getFileName().toString())).as("no temp file left").containsExactly(
                    "upstreams.json");
        }
    }

    @Test
    void aMissingFileIsEmptyAndABrokenOneIsSkippedNotFatal() throws Exception {
        UpstreamFile file = new UpstreamFile(home.resolve("upstreams.json"), json);
        assertThat(file.load()).isEmpty();
        Files.writeString(file.path(), "{not json");
        assertThat(file.load()).isEmpty();
        Files.writeString(file.path(), """
                {"version":1,"upstreams":[{"id":"u-abcdef","host":"127.0.0.1","port":0,"registeredAt":"2026-01-01T00:00:00Z"},
                 {"id":"u-ghijkm","host":"127.0.0.1","port":3000,"registeredAt":"2026-01-01T00:00:00Z"},
                 {"host":"127.0.0.1","port":3001,"registeredAt":"2026-01-01T00:00:00Z"}]}
                """);
        assertThat(file.load()).extracting(Upstream::id).containsExactly("u-ghijkm");
    }
}
