package dev.switchboard.core.routing;

import java.util.Objects;

/**
 * A registered upstream and whether it currently gets traffic.
 *
 * @param upstream the registration
 * @param live     false from the first failed probe or connect until it answers again or registers again
 */
public record UpstreamStatus(Upstream upstream, boolean live) {

    public UpstreamStatus {
        Objects.requireNonNull(upstream, "upstream");
    }

    public String id() {
        return upstream.id();
    }
}
