package dev.switchboard.server.routing;

import dev.switchboard.core.routing.UpstreamRegistry;
import dev.switchboard.core.routing.UpstreamStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active liveness: a TCP connect to each registered upstream. A refused or timed-out connect marks it dead
 * (no traffic from then on); a successful one marks it live again. The connection is closed at once: the
 * probe asks "does something accept on that port", nothing more.
 */
public final class UpstreamProber {

    private static final Logger log = LoggerFactory.getLogger(UpstreamProber.class);

    private final UpstreamRegistry upstreams;
    private final Duration timeout;

    public UpstreamProber(UpstreamRegistry upstreams, Duration timeout) {
        this.upstreams = upstreams;
        this.timeout = timeout;
    }

    /** One round over every registered upstream. */
    public void probeAll() {
        for (UpstreamStatus status : upstreams.list()) {
            boolean answers = answers(status.upstream().host(), status.upstream().port(), timeout);
            if (answers && upstreams.markLive(status.id())) {
                log.info("upstream {} ({}) answers again: back in rotation", status.id(), status.upstream().address());
            } else if (!answers && upstreams.markDead(status.id())) {
                log.warn("upstream {} ({}) does not answer: no traffic until it does", status.id(),
                        status.upstream().address());
            }
        }
    }

    /** True when a TCP connect to host:port succeeds within the timeout. */
    public static boolean answers(String host, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                    timeout.toMillis())));
            return true;
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            return false;
        }
    }
}
