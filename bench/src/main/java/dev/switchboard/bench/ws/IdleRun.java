package dev.switchboard.bench.ws;

import java.time.Duration;

/** Opens N idle lines on one {@link Target}, holds them, and measures the server's memory per line. */
public final class IdleRun {

    private IdleRun() {
    }

    public static IdleResult run(Target target, int connections, double connectRate, Duration hold, int threads,
                                 ProcessProbe server) throws InterruptedException {
        long rssBefore = server.residentBytes();
        try (WsClients clients = new WsClients(threads, new Latency())) {
            WsClients.Opened opened = clients.open(connections, target.subscriber(), target.protocol(), connectRate,
                    Duration.ofSeconds(120));
            Thread.sleep(hold.toMillis());
            long rssAfter = server.residentBytes();
            String failure = null;
            if (opened.ready() < connections) {
                failure = (connections - opened.ready()) + " of " + connections + " lines did not open (first error: "
                        + opened.firstError() + ")";
            } else if (clients.lost() > 0) {
                failure = clients.lost() + " lines were closed while idle";
            }
            return new IdleResult(target.name(), connections, clients.ready(), clients.lost(), opened.perSecond(),
                    rssBefore, rssAfter, failure);
        }
    }
}
