package dev.switchboard.bench.compare;

import dev.switchboard.bench.ws.ProcessProbe;
import dev.switchboard.bench.ws.Target;

/** A server started for one run: how to drive it, how to measure it, what it says it dropped. */
public interface BenchServer extends AutoCloseable {

    Target target();

    ProcessProbe probe();

    /** Deliveries the server reports it dropped on purpose; 0 for servers that report none. */
    default long dropped() {
        return 0;
    }

    @Override
    void close() throws InterruptedException;
}
