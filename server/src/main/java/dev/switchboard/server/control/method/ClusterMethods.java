package dev.switchboard.server.control.method;

import dev.switchboard.server.cluster.ClusterWiring;

/** {@code cluster.status}: this node's cluster mode, Redis connectivity and the live nodes. */
public final class ClusterMethods {

    private ClusterMethods() {
    }

    public static void register(MethodRegistry methods, ClusterWiring cluster) {
        methods.register("cluster.status", NoParams.class, "{}",
                "{mode: embedded|redis, node, redis?, redisUp?, liveNodes?, claims?, nodes: [{node, lastSeen?, devices}]}",
                (p, ctx) -> cluster.report());
    }
}
