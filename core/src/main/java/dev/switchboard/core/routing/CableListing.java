package dev.switchboard.core.routing;

import java.util.List;

/** The patchbay: clients (most recently seen first), upstreams (registration order), cables. */
public record CableListing(List<ClientView> clients, List<UpstreamStatus> upstreams, List<CableView> cables) {
}
