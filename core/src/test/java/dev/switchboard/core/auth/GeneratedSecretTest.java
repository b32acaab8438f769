package dev.switchboard.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class GeneratedSecretTest {

    @TempDir
    Path dir;

    @BeforeEach
    void requirePosix() {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file modes");
    }

    @Test
    void createsAnOwnerOnlyFileHoldingA256BitSecret() throws Exception {
        Path file = dir.resolve("jwt-secret");

        String secret = GeneratedSecret.loadOrCreate(file);

        assertThat(Files.readString(file).trim()).isEqualTo(secret);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
        assertThat(secret).doesNotContain("=");
    }

    @Test
    void createsMissingParentDirectoriesOwnerOnly() throws Exception {
        Path file = dir.resolve("home/nested/jwt-secret");

        GeneratedSecret.loadOrCreate(file);

        for (Path created : List.of(dir.resolve("home"), dir.resolve("home/nested"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).as(created.toString())
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void secondCallReturnsTheSameSecret() {
        Path file = dir.resolve("jwt-secret");

        assertThat(GeneratedSecret.loadOrCreate(file)).isEqualTo(GeneratedSecret.loadOrCreate(file));
    }

    @Test
    void separateFilesGetDifferentSecrets() {
        assertThat(GeneratedSecret.loadOrCreate(dir.resolve("a"))).isNotEqualTo(GeneratedSecret.loadOrCreate(dir.resolve("b")));
    }

    @Test
    void existingSecretIsReadTrimmed() throws Exception {
        Path file = Files.writeString(dir.resolve("jwt-secret"), "  operator-chosen-secret \n");

        assertThat(GeneratedSecret.loadOrCreate(file)).isEqualTo("operator-chosen-secret");
    }

    /** Silently replacing it would invalidate every token already handed out. */
    @Test
    void emptyFileIsAnErrorNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("jwt-secret"), " \n");

        assertThatIllegalStateException().isThrownBy(() -> GeneratedSecret.loadOrCreate(file))
                .withMessageContaining(file.toString()).withMessageContaining("empty");
        assertThat(Files.readString(file)).isEqualTo(" \n");
    }

    @Test
    void unreadableFileIsAnErrorNamingTheFile() throws Exception {
        Path file = Files.createDirectory(dir.resolve("jwt-secret"));

        assertThatIllegalStateException().isThrownBy(() -> GeneratedSecret.loadOrCreate(file))
                .withMessageContaining(file.toString());
    }

    /**
     * The daemon and a CLI started beside it may both create the secret on first run; whoever loses must use the
     * winner's secret, or tokens minted by one would not verify in the other. Repeated because a race is not certain
     * to happen in any single round.
     */
    @Test
    void concurrentCreatorsAllGetTheSecretThatReachedTheDisk() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 25; round++) {
                Path roundDir = Files.createDirectory(dir.resolve("round-" + round));
                Path file = roundDir.resolve("jwt-secret");
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return GeneratedSecret.loadOrCreate(file);
                    }));
                }
                start.countDown();
                Set<String> seen = new HashSet<>();
                for (Future<String> result : results) {
                    seen.add(result.get());
                }

                assertThat(seen).as("round %d", round).containsExactly(Files.readString(file).trim());
                try (Stream<Path> left = Files.list(roundDir)) {
                    assertThat(left).as("temporary files left behind").containsExactly(file);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void warnsWhenTheFileIsReadableByOthersWithoutLoggingTheSecret() throws Exception {
        Path shared = Files.writeString(dir.resolve("shared-secret"), "the-secret-value");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
        Path owned = Files.writeString(dir.resolve("owned-secret"), "another-secret-value");
        Files.setPosixFilePermissions(owned, PosixFilePermissions.fromString("rw-------"));
        Logger logger = (Logger) LoggerFactory.getLogger(GeneratedSecret.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            GeneratedSecret.loadOrCreate(owned);
            assertThat(appender.list).isEmpty();

            GeneratedSecret.loadOrCreate(shared);
            assertThat(appender.list).singleElement().satisfies(event -> {
                assertThat(event.getFormattedMessage()).contains(shared.toString()).contains("chmod 600")
                        .doesNotContain("the-secret-value");
            });
        } finally {
            logger.detachAppender(appender);
        }
    }
}
