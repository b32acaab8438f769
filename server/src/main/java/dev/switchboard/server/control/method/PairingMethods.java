package dev.switchboard.server.control.method;

import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.pairing.PairingService;
import dev.switchboard.server.api.PairingViews;
import java.util.Map;

/** {@code pairing.*}: the pairing relay seen from the control socket, as {@code /api/v1/pairings} shows it. */
public final class PairingMethods {

    /** Params of {@code pairing.close}. */
    public record CloseParams(String code, String reason) {
    }

    private PairingMethods() {
    }

    public static void register(MethodRegistry methods, PairingService pairing, Hub hub) {
        methods.register("pairing.list", NoParams.class, "{}",
                "open codes and pairings: {total, pairings: [{code, state, creator, joiner, ...}]}",
                (p, ctx) -> PairingViews.listing(hub, pairing.list()));
        methods.register("pairing.close", CloseParams.class, "{code: string, reason?: string}",
                "ends a pairing or cancels an open code; both sides get pair_ended closed_by_operator",
                (p, ctx) -> {
                    if (p.code() == null || p.code().isBlank()) {
                        throw RpcException.invalidParams("code is required");
                    }
                    if (!pairing.close(p.code(), p.reason())) {
                        throw RpcException.notFound("no open code or pairing " + p.code());
                    }
                    return Map.of("closed", true);
                });
    }
}
