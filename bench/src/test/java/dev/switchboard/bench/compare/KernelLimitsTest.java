package dev.switchboard.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelLimitsTest {

    private static final String LIMITS = "Limit                     Soft Limit           Hard Limit           Units\n"
            + "Max cpu time              unlimited            unlimited            seconds\n"
            + "Max open files            1024                 524288               files\n";

    @Test
    void readsTheSoftOpenFilesLimit() {
        assertThat(KernelLimits.openFiles(LIMITS)).isEqualTo(1024);
        assertThat(KernelLimits.openFiles("Max open files unlimited unlimited files\n")).isEqualTo(-1);
        assertThat(KernelLimits.openFiles(null)).isEqualTo(-1);
    }

    @Test
    void tooFewFilesOrPortsAreReportedWithTheirFix() {
        assertThat(KernelLimits.problems(10_000, LIMITS, "32768\t60999\n"))
                .singleElement().asString().contains("ulimit -n").contains("1024");
        assertThat(KernelLimits.problems(30_000, LIMITS.replace("1024 ", "99999"), "32768\t60999\n"))
                .singleElement().asString().contains("ip_local_port_range");
    }

    @Test
    void enoughOfBothIsNoProblem() {
        assertThat(KernelLimits.problems(5_000, LIMITS.replace("1024 ", "65536"), "1024 65000")).isEmpty();
    }
}
