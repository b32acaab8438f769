package dev.switchboard.core.routing;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resolution chain {@code pending > cable > cookie > cached > ua-match > fallback}, the operator's cables,
 * and the bounded maps behind them.
 *
 * <p><b>Identity.</b> A request is placed on a client by, in order: a well-formed {@code sb-route} cookie id;
 * for an upgrade, the client of the HTTP request seen on the same remote host:port within {@code portMemory};
 * for a client that keeps no cookies (curl, scripts), the client last seen with the same header key (an
 * explicit key at once; a user-agent key only once that client has had {@code portMemory} to send its cookie
 * back and has not);
 * otherwise it is a new client with a fresh id. A client that once sent the cookie is never merged with another
 * by header key, which is what keeps two simulators with the same user-agent apart.
 *
 * <p><b>Maps.</b> Clients, learned keys, port memory, cables and pending cables are each an
 * {@link ExpiringLruMap} capped at {@code maxClients}: clients, keys and cables expire after {@code routeTtl}
 * unused, ports after {@code portMemory}, pending cables after {@code pendingCableTtl} since connected.
 * {@link #sweep()} (every 30 s on the node's routing thread) removes what expired.
 *
 * <p><b>Threads.</b> One lock guards the maps; a resolution is a handful of hash lookups under it. The upstream
 * list is read from the registry's lock-free snapshot. Remap listeners run after the lock is released.
 */
public final class ChainRouteResolver implements RouteResolver {

    private static final Logger log = LoggerFactory.getLogger(ChainRouteResolver.class);

    /** What the resolver keeps per client. Mutated only under {@link #lock}. */
    private static final class ClientRecord {
        String key;
        String identifier;
        Instant lastSeen;
        String upstreamId;
        RouteMethod method;
        boolean cookieSeen;
        Instant firstSeen;
    }

    /** A learned mapping of a header-derived key: the client last seen with it (cookie-less) and its upstream. */
    private record KeyRoute(String clientId, String upstreamId) {
    }

    private record Cable(String upstreamId, Instant createdAt) {
    }

    private final Object lock = new Object();
    private final UpstreamRegistry upstreams;
    private final RoutingSettings settings;
    private final Clock clock;
    private final ClientIds ids = new ClientIds();
    private final RoutingMeters meters;
    private final List<Consumer<String>> remapListeners = new CopyOnWriteArrayList<>();
    private final ExpiringLruMap<String, ClientRecord> clients;
    private final ExpiringLruMap<String, KeyRoute> keys;
    private final ExpiringLruMap<String, String> ports;
    private final ExpiringLruMap<String, Cable> cables;
    private final ExpiringLruMap<String, Cable> pending;
    private final Set<String> routingHeaders;

    public ChainRouteResolver(UpstreamRegistry upstreams, RoutingSettings settings, Clock clock,
                              MeterRegistry registry) {
        this.upstreams = Objects.requireNonNull(upstreams, "upstreams");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        int cap = settings.maxClients();
        this.clients = new ExpiringLruMap<>(cap, settings.routeTtl());
        this.keys = new ExpiringLruMap<>(cap, settings.routeTtl());
        this.ports = new ExpiringLruMap<>(cap, settings.portMemory());
        this.cables = new ExpiringLruMap<>(cap, settings.routeTtl());
        this.pending = new ExpiringLruMap<>(cap, settings.pendingCableTtl());
        ClientKeyRules rules = settings.keyRules();
        this.routingHeaders = Set.copyOf(new LinkedHashSet<>(
                List.of("user-agent", rules.clientHeader(), rules.expoClientHeader())));
        this.meters = new RoutingMeters(registry);
        meters.map("clients", this, r -> r.clients.size(), r -> r.clients.evictions());
        meters.map("keys", this, r -> r.keys.size(), r -> r.keys.evictions());
        meters.map("ports", this, r -> r.ports.size(), r -> r.ports.evictions());
        meters.map("cables", this, r -> r.cables.size(), r -> r.cables.evictions());
        meters.map("pending", this, r -> r.pending.size(), r -> r.pending.evictions());
        meters.upstreams(upstreams);
        upstreams.onRemoval(this::upstreamRemoved);
    }

    public UpstreamRegistry upstreams() {
        return upstreams;
    }

    public RoutingSettings settings() {
        return settings;
    }

    /** The user-agent and the two headers of {@link ClientKeyRules}: nothing else decides a route. */
    @Override
    public Set<String> routingHeaders() {
        return routingHeaders;
    }

    @Override
    public RouteDecision resolve(RouteRequest request) {
        Objects.requireNonNull(request, "request");
        Outcome outcome;
        synchronized (lock) {
            outcome = run(request, clock.instant(), true, null);
        }
        if (outcome.upstream == null) {
            meters.unrouted.increment();
        } else {
            meters.resolved(outcome.method);
        }
        if (outcome.ambiguous) {
            meters.ambiguous.increment();
            log.info("ambiguous route for client {} ({}, app {}): upstreams {} all match; fallback sent it to {}",
                    outcome.clientId, outcome.key.key(), outcome.key.identifier(), outcome.ambiguousWith,
                    outcome.upstream == null ? "nothing" : outcome.upstream.id());
        }
        return new RouteDecision(outcome.clientId, outcome.clientId, outcome.upstream, outcome.method,
                outcome.ambiguous);
    }

    /** Runs the chain without changing anything and tells every step. */
    public RouteExplanation explain(RouteRequest request) {
        Objects.requireNonNull(request, "request");
        List<ExplainStep> steps = new ArrayList<>();
        Outcome o;
        synchronized (lock) {
            o = run(request, clock.instant(), false, steps);
        }
        return new RouteExplanation(o.newClient ? null : o.clientId, o.identity, o.key.key(), o.key.source(),
                o.key.identifier(), List.copyOf(steps), o.upstream == null ? null : o.upstream.id(), o.method,
                o.ambiguous);
    }

    @Override
    public void upstreamUnreachable(String upstreamId) {
        if (upstreams.markDead(upstreamId)) {
            log.warn("upstream {} unreachable: no traffic until it answers a probe or registers again", upstreamId);
        }
        meters.unreachable.increment();
    }

    @Override
    public void onRemap(Consumer<String> clientIdListener) {
        remapListeners.add(Objects.requireNonNull(clientIdListener, "clientIdListener"));
    }

    /**
     * Plugs a cable. {@code client} is a client id from {@link #cables()}, or else an app identifier: then the
     * cable waits (pending) for the next new client of that app. {@code upstream} is anything
     * {@link UpstreamRegistry#find} accepts.
     *
     * @throws NoSuchElementException   the upstream, or a client that looks like a client id, is unknown
     * @throws IllegalArgumentException blank arguments
     */
    public CableView connect(String client, String upstream) {
        String ref = required("client", client);
        UpstreamStatus target = upstreams.find(required("upstream", upstream))
                .orElseThrow(() -> new NoSuchElementException("no upstream " + upstream.strip()
                        + " (use an id, host:port, port, or a unique name from upstream.list)"));
        Instant now = clock.instant();
        CableView view;
        synchronized (lock) {
            if (clients.peek(ref, now) != null || cables.peek(ref, now) != null) {
                cables.put(ref, new Cable(target.id(), now), now);
                view = new CableView(ref, target.id(), false, now);
            } else if (ClientIds.isWellFormed(ref)) {
                throw new NoSuchElementException("no client " + ref + " (it may have expired; see cable.list)");
            } else {
                pending.put(appKey(ref), new Cable(target.id(), now), now);
                view = new CableView(ref, target.id(), true, now);
            }
        }
        log.info("cable {} -> {}{}", view.client(), view.upstream(), view.pending() ? " (pending: next new client)" : "");
        if (!view.pending()) {
            fireRemap(List.of(ref));
        }
        return view;
    }

    /**
     * Unplugs the cable of a client (which then goes back to automatic routing: its sticky route and learned
     * mapping are forgotten) or a pending cable of an app. Returns false when there was none.
     */
    public boolean disconnect(String client) {
        String ref = required("client", client);
        boolean remapped = false;
        boolean removed;
        synchronized (lock) {
            if (cables.remove(ref) != null) {
                Instant now = clock.instant();
                ClientRecord record = clients.peek(ref, now);
                if (record != null) {
                    record.upstreamId = null;
                    record.method = null;
                    if (record.key != null) {
                        KeyRoute learned = keys.peek(record.key, now);
                        if (learned != null) {
                            keys.put(record.key, new KeyRoute(learned.clientId(), null), now);
                        }
                    }
                }
                remapped = true;
                removed = true;
            } else {
                removed = pending.remove(appKey(ref)) != null;
            }
        }
        if (removed) {
            log.info("cable {} disconnected", ref);
        }
        if (remapped) {
            fireRemap(List.of(ref));
        }
        return removed;
    }

    /** The patchbay: every live client with where its last request actually went, upstreams, cables. */
    public CableListing cables() {
        Instant now = clock.instant();
        List<ClientView> clientViews = new ArrayList<>();
        List<CableView> cableViews = new ArrayList<>();
        synchronized (lock) {
            clients.forEachLive(now, (id, r) -> clientViews.add(
                    new ClientView(id, r.identifier, r.lastSeen, r.upstreamId, r.method)));
            cables.forEachLive(now, (id, c) -> cableViews.add(new CableView(id, c.upstreamId(), false, c.createdAt())));
            pending.forEachLive(now, (app, c) -> cableViews.add(new CableView(app, c.upstreamId(), true, c.createdAt())));
        }
        clientViews.sort(Comparator.comparing(ClientView::lastSeen).reversed().thenComparing(ClientView::key));
        cableViews.sort(Comparator.comparing(CableView::createdAt).thenComparing(CableView::client));
        return new CableListing(List.copyOf(clientViews), upstreams.list(), List.copyOf(cableViews));
    }

    /**
     * Removes what expired from every map (a cable expires like the client it plugs: {@code routeTtl} unused).
     * Returns how many entries went.
     */
    public int sweep() {
        synchronized (lock) {
            Instant now = clock.instant();
            return clients.sweep(now) + keys.sweep(now) + ports.sweep(now) + pending.sweep(now) + cables.sweep(now);
        }
    }

    /** Map sizes, for tests and the health report: clients, keys, ports, cables, pending. */
    public java.util.Map<String, Integer> sizes() {
        synchronized (lock) {
            java.util.Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
            sizes.put("clients", clients.size());
            sizes.put("keys", keys.size());
            sizes.put("ports", ports.size());
            sizes.put("cables", cables.size());
            sizes.put("pending", pending.size());
            return sizes;
        }
    }

    // ------------------------------------------------------------------------------------------- the chain

    /** The result of one run of the chain, plus what explain shows. */
    private static final class Outcome {
        String clientId;
        boolean newClient;
        String identity;
        ClientKey key;
        Upstream upstream;
        RouteMethod method;
        boolean ambiguous;
        List<String> ambiguousWith = List.of();
    }

    private Outcome run(RouteRequest request, Instant now, boolean learn, List<ExplainStep> trace) {
        Outcome o = new Outcome();
        o.key = settings.keyRules().derive(request);
        String identifier = o.key.identifier();

        // Who is it?
        ClientRecord record = null;
        boolean fromCookie = false;
        boolean fromPort = false;
        if (ClientIds.isWellFormed(request.cookieClientId())) {
            o.clientId = request.cookieClientId();
            record = lookup(clients, o.clientId, now, learn);
            fromCookie = true;
            o.identity = "cookie " + o.clientId + (record == null ? " (not known here: treated as a new client)" : "");
        }
        if (o.clientId == null && request.upgrade() && request.remotePort() > 0) {
            String portKey = portKey(request);
            String byPort = ports.peek(portKey, now);
            ClientRecord portRecord = byPort == null ? null : lookup(clients, byPort, now, learn);
            if (portRecord != null) {
                o.clientId = byPort;
                record = portRecord;
                fromPort = true;
                o.identity = "client " + byPort + " of the HTTP request from " + portKey + " (port correlation)";
            }
        }
        KeyRoute learned = lookup(keys, o.key.key(), now, learn);
        if (o.clientId == null && learned != null && learned.clientId() != null) {
            ClientRecord keyed = lookup(clients, learned.clientId(), now, learn);
            if (keyed != null && keepsNoCookie(keyed, o.key, now)) {
                o.clientId = learned.clientId();
                record = keyed;
                o.identity = "client " + o.clientId + " by " + o.key.source() + " (it sends no cookie back)";
            }
        }
        if (o.clientId == null) {
            o.clientId = learn ? ids.next() : null;
            o.identity = "new client";
        }
        o.newClient = record == null && (o.clientId == null || cables.peek(o.clientId, now) == null);

        // ?app= narrows what the automatic steps may pick; operator cables are not narrowed.
        String app = request.app() == null || request.app().isBlank() ? null : request.app().strip();
        List<Upstream> candidates = upstreams.liveByRecency();
        if (app != null) {
            candidates = candidates.stream().filter(u -> UpstreamRegistry.matches(u, app)).toList();
        }

        // 1. pending: an operator cable waiting for the next new client of this app.
        if (o.upstream == null) {
            if (!o.newClient) {
                step(trace, RouteMethod.PENDING, false, null, "client already known; pending cables are for new clients");
            } else if (identifier == null) {
                step(trace, RouteMethod.PENDING, false, null, "no app identifier (no ?app= and no user-agent)");
            } else {
                Cable waiting = pending.peek(appKey(identifier), now);
                Upstream target = waiting == null ? null : upstreams.live(waiting.upstreamId());
                if (waiting == null) {
                    step(trace, RouteMethod.PENDING, false, null, "no pending cable for app " + identifier);
                } else if (target == null) {
                    step(trace, RouteMethod.PENDING, false, waiting.upstreamId(),
                            "pending cable for app " + identifier + " plugs into " + waiting.upstreamId() + ", which is not live");
                } else {
                    step(trace, RouteMethod.PENDING, true, target.id(),
                            "pending cable for app " + identifier + " taken by this new client");
                    choose(o, target, RouteMethod.PENDING);
                    if (learn) {
                        pending.remove(appKey(identifier));
                        cables.put(o.clientId, new Cable(target.id(), now), now);
                    }
                }
            }
        } else {
            skipped(trace, RouteMethod.PENDING);
        }

        // 2. cable: the operator's mapping of this client.
        if (o.upstream == null) {
            // Not tied to the client record: a cable outlives the record's eviction and expires on its own.
            Cable cable = o.clientId == null ? null : lookup(cables, o.clientId, now, learn);
            Upstream target = cable == null ? null : upstreams.live(cable.upstreamId());
            if (cable == null) {
                step(trace, RouteMethod.CABLE, false, null, "no cable for this client");
            } else if (target == null) {
                step(trace, RouteMethod.CABLE, false, cable.upstreamId(),
                        "cable plugs into " + cable.upstreamId() + ", which is not live");
            } else {
                step(trace, RouteMethod.CABLE, true, target.id(), "operator cable");
                choose(o, target, RouteMethod.CABLE);
            }
        } else {
            skipped(trace, RouteMethod.CABLE);
        }

        // 3. cookie: the upstream this client was last sent to.
        if (o.upstream == null) {
            if (!fromCookie && !fromPort) {
                step(trace, RouteMethod.COOKIE, false, null, "no sb-route cookie and no port correlation");
            } else {
                String last;
                String whence;
                if (record != null) {
                    last = record.upstreamId;
                    whence = "last sent to";
                } else {
                    last = request.cookieUpstreamId();
                    whence = "cookie names";
                }
                Upstream target = upstreams.live(last);
                if (last == null) {
                    step(trace, RouteMethod.COOKIE, false, null, record != null
                            ? "no sticky route (none yet, or the operator unplugged its cable)"
                            : "cookie names no upstream");
                } else if (target == null) {
                    step(trace, RouteMethod.COOKIE, false, last, whence + " " + last + ", which is not live (re-routed)");
                } else if (!candidates.contains(target)) {
                    step(trace, RouteMethod.COOKIE, false, last, whence + " " + last + ", which ?app=" + app + " excludes");
                } else {
                    step(trace, RouteMethod.COOKIE, true, last, whence + " " + last);
                    choose(o, target, RouteMethod.COOKIE);
                }
            }
        } else {
            skipped(trace, RouteMethod.COOKIE);
        }

        // 4. cached: the learned mapping of the header-derived key.
        if (o.upstream == null) {
            String last = learned == null ? null : learned.upstreamId();
            Upstream target = upstreams.live(last);
            if (last == null) {
                step(trace, RouteMethod.CACHED, false, null, "nothing learned for " + o.key.key());
            } else if (target == null) {
                step(trace, RouteMethod.CACHED, false, last, o.key.key() + " learned " + last + ", which is not live");
            } else if (!candidates.contains(target)) {
                step(trace, RouteMethod.CACHED, false, last, o.key.key() + " learned " + last + ", which ?app=" + app + " excludes");
            } else {
                step(trace, RouteMethod.CACHED, true, last, o.key.key() + " learned " + last);
                choose(o, target, RouteMethod.CACHED);
            }
        } else {
            skipped(trace, RouteMethod.CACHED);
        }

        // 5. ua-match: exactly one live candidate whose bundle id or name is the app identifier.
        List<Upstream> matches = List.of();
        if (o.upstream == null) {
            matches = identifier == null ? List.of()
                    : candidates.stream().filter(u -> UpstreamRegistry.matches(u, identifier)).toList();
            if (identifier == null) {
                step(trace, RouteMethod.UA_MATCH, false, null, "no app identifier");
            } else if (matches.isEmpty()) {
                step(trace, RouteMethod.UA_MATCH, false, null, "no live upstream has bundle id or name " + identifier);
            } else if (matches.size() == 1) {
                step(trace, RouteMethod.UA_MATCH, true, matches.get(0).id(),
                        "the one live upstream with bundle id or name " + identifier);
                choose(o, matches.get(0), RouteMethod.UA_MATCH);
            } else {
                o.ambiguousWith = matches.stream().map(Upstream::id).toList();
                step(trace, RouteMethod.UA_MATCH, false, null, "ambiguous: " + matches.size()
                        + " live upstreams match " + identifier + " " + o.ambiguousWith
                        + "; cable this client to choose (cable.connect)");
            }
        } else {
            skipped(trace, RouteMethod.UA_MATCH);
        }

        // 6. fallback: the configured default, else the most recently registered live candidate.
        if (o.upstream == null) {
            List<Upstream> pool = matches.size() > 1 ? matches : candidates;
            Upstream configured = configuredDefault();
            if (configured != null && pool.contains(configured)) {
                step(trace, RouteMethod.FALLBACK, true, configured.id(), "the configured default upstream");
                choose(o, configured, RouteMethod.FALLBACK);
            } else if (!pool.isEmpty()) {
                step(trace, RouteMethod.FALLBACK, true, pool.get(0).id(), "the most recently registered live upstream"
                        + (app != null ? " for ?app=" + app : ""));
                choose(o, pool.get(0), RouteMethod.FALLBACK);
            } else {
                step(trace, RouteMethod.FALLBACK, false, null, app != null
                        ? "no live upstream has bundle id or name " + app + " (register one, or drop ?app=)"
                        : "no live upstream (register one with upstream.register)");
            }
            o.ambiguous = matches.size() > 1 && o.upstream != null;
        } else {
            skipped(trace, RouteMethod.FALLBACK);
        }

        if (learn) {
            learn(request, o, record, fromCookie, fromPort, learned, now);
        }
        return o;
    }

    private void learn(RouteRequest request, Outcome o, ClientRecord record, boolean fromCookie, boolean fromPort,
                       KeyRoute learned, Instant now) {
        ClientRecord r = record == null ? new ClientRecord() : record;
        // An upgrade often carries no user-agent: its "anonymous" key says nothing about the client.
        boolean anonymous = o.key.key().startsWith(ClientKeyRules.ANONYMOUS);
        if (r.key == null || !anonymous) {
            r.key = o.key.key();
        }
        if (o.key.identifier() != null) {
            r.identifier = o.key.identifier();
        }
        r.lastSeen = now;
        r.upstreamId = o.upstream == null ? null : o.upstream.id();
        r.method = o.method;
        r.cookieSeen |= fromCookie;
        if (r.firstSeen == null) {
            r.firstSeen = now;
        }
        if (record == null) {
            clients.put(o.clientId, r, now);
        }
        // else: the record was looked up (and so touched) at this same instant in this run, under the same lock,
        // and is updated in place: putting it again would only repeat the map's work.
        // The key remembers the cookie-less client it belongs to; a cookie client only teaches it its upstream.
        String keyClient = fromCookie ? (learned == null ? null : learned.clientId()) : o.clientId;
        if (fromPort) {
            // Placed by its port, not by this key: the key learns nothing about this client.
        } else if (o.upstream != null) {
            boolean same = learned != null && Objects.equals(learned.clientId(), keyClient)
                    && o.upstream.id().equals(learned.upstreamId());
            // Unchanged (every request of a sticky client): the lookup above already refreshed it.
            if (!same) {
                keys.put(o.key.key(), new KeyRoute(keyClient, o.upstream.id()), now);
            }
        } else if (learned == null && !fromCookie) {
            keys.put(o.key.key(), new KeyRoute(keyClient, null), now);
        }
        if (!request.upgrade() && request.remotePort() > 0) {
            ports.put(portKey(request), o.clientId, now);
        }
    }

    /**
     * Whether a cookie-less request with this key may be this (cookie-less) client again. An explicit key
     * ({@code header:}, {@code eas:}) names one device, so yes. A user-agent is shared by every simulator
     * running the app, so only once the client has had {@code portMemory} to send its cookie back and has
     * not: it keeps no cookies (curl, scripts). Two simulators starting together thus stay two clients.
     */
    private boolean keepsNoCookie(ClientRecord client, ClientKey key, Instant now) {
        if (client.cookieSeen) {
            return false;
        }
        if (key.key().startsWith(ClientKeyRules.HEADER) || key.key().startsWith(ClientKeyRules.EAS)) {
            return true;
        }
        return client.firstSeen != null && !now.isBefore(client.firstSeen.plus(settings.portMemory()));
    }

    private static void choose(Outcome o, Upstream upstream, RouteMethod method) {
        o.upstream = upstream;
        o.method = method;
    }

    private Upstream configuredDefault() {
        String ref = settings.defaultUpstream();
        if (ref == null) {
            return null;
        }
        return upstreams.find(ref).filter(UpstreamStatus::live).map(UpstreamStatus::upstream).orElse(null);
    }

    private static <V> V lookup(ExpiringLruMap<String, V> map, String key, Instant now, boolean touch) {
        return touch ? map.get(key, now) : map.peek(key, now);
    }

    private static void step(List<ExplainStep> trace, RouteMethod method, boolean matched, String upstream, String why) {
        if (trace != null) {
            trace.add(new ExplainStep(method, matched, upstream, why));
        }
    }

    private static void skipped(List<ExplainStep> trace, RouteMethod method) {
        step(trace, method, false, null, "not reached: an earlier step chose");
    }

    private static String portKey(RouteRequest request) {
        return request.remoteHost() + ":" + request.remotePort();
    }

    private static String appKey(String identifier) {
        return identifier.strip().toLowerCase(Locale.ROOT);
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value.strip();
    }

    /** An unregistered upstream takes its cables with it; its clients' tunnels are closed so they re-route. */
    private void upstreamRemoved(String upstreamId) {
        Set<String> affected = new LinkedHashSet<>();
        Instant now = clock.instant();
        synchronized (lock) {
            cables.forEachLive(now, (id, c) -> {
                if (upstreamId.equals(c.upstreamId())) {
                    affected.add(id);
                }
            });
            cables.removeIf((id, c) -> upstreamId.equals(c.upstreamId()));
            pending.removeIf((app, c) -> upstreamId.equals(c.upstreamId()));
            clients.forEachLive(now, (id, r) -> {
                if (upstreamId.equals(r.upstreamId)) {
                    affected.add(id);
                }
            });
        }
        fireRemap(affected);
    }

    private void fireRemap(Iterable<String> clientIds) {
        for (String clientId : clientIds) {
            for (Consumer<String> listener : remapListeners) {
                try {
                    listener.accept(clientId);
                } catch (RuntimeException e) {
                    log.warn("remap listener failed for client {}", clientId, e);
                }
            }
        }
    }
}
