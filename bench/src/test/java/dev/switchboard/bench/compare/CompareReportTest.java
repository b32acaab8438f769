package dev.switchboard.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareReportTest {

    private static final List<Figure> FIGURES = List.of(new Figure("cpu", "CPU µs", false),
            new Figure("rate", "msg/s", true));

    private static CompareReport report() {
        CompareReport report = new CompareReport("broadcast", "./switchboard bench compare", "test box", "2026-01-01", FIGURES);
        report.add(new CompareReport.Run("switchboard", 1, Map.of("cpu", 10.0, "rate", 100.0), null));
        report.add(new CompareReport.Run("netty", 1, Map.of("cpu", 4.0, "rate", 100.0), null));
        report.add(new CompareReport.Run("switchboard", 2, Map.of("cpu", 30.0, "rate", 100.0), null));
        report.add(new CompareReport.Run("switchboard", 3, Map.of("cpu", 20.0, "rate", 100.0), null));
        report.add(new CompareReport.Run("netty", 2, Map.of("cpu", 1000.0), "delivered 5 of 10"));
        return report;
    }

    @Test
    void mediansCountOnlyPassingRunsAndRatiosAreOverSwitchboard() {
        CompareReport report = report();
        assertThat(report.median("switchboard", "cpu")).isEqualTo(20.0);
        assertThat(report.median("netty", "cpu")).as("the failed run's 1000 is ignored").isEqualTo(4.0);
        assertThat(report.ratio("netty", "cpu")).isEqualTo(0.2);
        assertThat(report.median("nobody", "cpu")).isNaN();
        assertThat(report.anyFailed()).isTrue();
    }

    @Test
    void aSkippedRunIsListedButIsNoFailure() {
        CompareReport report = new CompareReport("proxy", "cmd", "box", "2026-01-01", FIGURES);
        report.add(new CompareReport.Run("switchboard", 1, Map.of(), "skipped: no dev proxy in this build"));
        report.add(new CompareReport.Run("nginx", 1, Map.of("cpu", 9.0, "rate", 30000.0), null));
        assertThat(report.anyFailed()).isFalse();
        assertThat(report.ratio("nginx", "cpu")).isNaN();
        assertThat(report.markdown()).contains("switchboard round 1: skipped").doesNotContain("FAILED");
        assertThat(report.chartedServers()).as("a skipped server gets no zero bar").containsExactly("nginx");
        assertThat(report().chartedServers()).as("a failed server is still charted").containsExactly("switchboard", "netty");
    }

    @Test
    void markdownHasARowPerServerWithRatiosAndNamesFailures() {
        String md = report().markdown();
        assertThat(md).contains("| switchboard | 20.00 | 100 | 3/3 |");
        assertThat(md).contains("| netty | 4.00 (0.20×) | 100 (1.00×) | 1/2 |");
        assertThat(md).contains("FAILED: netty round 2: delivered 5 of 10");
    }

    @Test
    void jsonHoldsEveryRunAndTheSummary() {
        String json = report().json();
        assertThat(json).contains("\"scenario\": \"broadcast\"").contains("\"failure\": \"delivered 5 of 10\"")
                .contains("\"cpuRatio\": 0.200");
    }

    @Test
    void writesJsonMarkdownAndAPngChart(@TempDir Path dir) throws Exception {
        List<Path> written = report().write(dir, "2026-01-01-broadcast", FIGURES.subList(0, 1));
        assertThat(written).extracting(p -> p.getFileName().toString()).containsExactly("2026-01-01-broadcast.json",
                "2026-01-01-broadcast.md", "2026-01-01-broadcast-cpu.png");
        byte[] png = Files.readAllBytes(dir.resolve("2026-01-01-broadcast-cpu.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    }
}
