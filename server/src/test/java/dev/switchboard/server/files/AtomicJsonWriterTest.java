package dev.switchboard.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicJsonWriterTest {

    @TempDir
    Path dir;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void replacesTheFileOwnerOnlyAndLeavesNoTempFile() throws Exception {
        Path file = dir.resolve("sub").resolve("state.json");
        AtomicJsonWriter.write(file, json, json.readTree("{\"a\":1}"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        AtomicJsonWriter.write(file, json, json.readTree("{\"a\":2}"));

        assertThat(json.readTree(file.toFile()).get("a").asInt()).isEqualTo(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTempFile() throws Exception {
        Path file = dir.resolve("state.json");
        AtomicJsonWriter.write(file, json, json.readTree("{\"a\":1}"));
        Files.createDirectory(dir.resolve("blocker"));
        Path unwritable = dir.resolve("blocker");
        // A directory in the way of the rename: the move fails, the old content is untouched.
        Files.writeString(unwritable.resolve("x"), "x");

        assertThatThrownBy(() -> AtomicJsonWriter.write(unwritable, json, json.readTree("{\"a\":2}")))
                .isInstanceOf(java.io.IOException.class);

        assertThat(json.readTree(file.toFile()).get("a").asInt()).isEqualTo(1);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("state.json", "blocker");
        }
    }
}
