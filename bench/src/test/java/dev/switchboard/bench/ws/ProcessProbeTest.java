package dev.switchboard.bench.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessProbeTest {

    @Test
    void cpuTicksAreUtimePlusStimeEvenWhenTheNameHasSpacesAndParentheses() {
        String stat = "1234 (my (odd) name) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 3 0 100 1000 200";
        assertThat(ProcessProbe.cpuTicks(stat)).isEqualTo(325);
    }

    @Test
    void residentSizeComesFromVmRss() {
        assertThat(ProcessProbe.vmRssKib("Name:\tjava\nVmPeak:\t  999 kB\nVmRSS:\t  12345 kB\nThreads:\t3\n"))
                .isEqualTo(12345);
        assertThat(ProcessProbe.vmRssKib("Name:\tkthreadd\n")).isEqualTo(-1);
    }

    @Test
    void thisProcessHasCpuTimeAndMemory() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")));
        ProcessProbe probe = new ProcessProbe(ProcessHandle.current().pid());
        assertThat(probe.cpuNanos()).isPositive();
        assertThat(probe.residentBytes()).isGreaterThan(1024 * 1024);
    }
}
