package dev.switchboard.server.control.method;

import dev.switchboard.core.cluster.ClusterUnavailableException;
import dev.switchboard.server.cluster.ClusterWiring;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code cluster.status}: this node's cluster mode, Redis connectivity and the live nodes. */
public final class ClusterMethods {

    private ClusterMethods() {
    }

    public static void register(MethodRegistry methods, ClusterWiring cluster) {
        methods.register("cluster.status", NoParams.class, "{}",
                "{mode: embedded|redis, node, redis?, redisUp?, liveNodes?, claims?, nodes: [{node, lastSeen?, devices}]}",
                (p, ctx) -> {
                    Map<String, Object> status = new LinkedHashMap<>(cluster.status());
                    try {
                        status.put("nodes", cluster.nodes());
                    } catch (ClusterUnavailableException | io.lettuce.core.RedisException e) {
                        status.put("nodes", null);
                        status.put("nodesError", e.getMessage());
                    }
                    return status;
                });
    }
}
