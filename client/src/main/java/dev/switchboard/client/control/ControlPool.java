package dev.switchboard.client.control;

import dev.switchboard.client.control.ControlClientStats.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connections of one {@link ControlClient}: keeps {@code poolMin} open, opens more up to {@code poolMax}
 * when every connection is busy, closes idle ones above the minimum, pings quiet ones, and reconnects in the
 * background with jittered exponential backoff when the daemon goes away.
 *
 * <p>States: {@code UP} (a connection is open), {@code CONNECTING} (the last connection was lost and an
 * immediate reconnect is under way; callers wait for it up to the acquire timeout), {@code DOWN} (a
 * reconnect failed; callers fail at once with the failure while retries continue), {@code CLOSED}.
 *
 * <p>Threads: each connection has a reader and a writer; the pool has two timer threads for call
 * timeouts, maintenance and (re)connecting. All are daemon threads named {@code sb-control-c<N>-…}.
 *
 * <p>Bounds: at most {@code poolMax} connections, each with at most {@code maxInFlightPerConnection} calls
 * (and as many scheduled timeouts); nothing else queues. Long for a class of this project because every
 * state change (open, lose, evict, close) goes through one lock and one condition, and splitting them would
 * hide the ordering the waiting callers rely on.
 */
final class ControlPool implements AutoCloseable {

    /** Well inside the daemon's default 5 s silence timeout. */
    private static final long FIRST_WORDS_DELAY_MILLIS = 1_000;

    private static final AtomicInteger CLIENTS = new AtomicInteger();
    private static final long MIN_TICK = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_TICK = TimeUnit.SECONDS.toNanos(1);

    private final ControlClientOptions options;
    private final String threadPrefix;
    private final ScheduledThreadPoolExecutor timer;
    private final ControlConnection.Counters counters = new ControlConnection.Counters();
    /** Connections in service. Dead ones are removed by {@link #onLost}, idle ones by {@link #maintain}. */
    private final CopyOnWriteArrayList<ControlConnection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger connectionNumbers = new AtomicInteger();
    private final AtomicLong opened = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    // Guarded by lock (state is also read without it).
    private final List<ControlConnection> retiring = new ArrayList<>();
    private volatile State state = State.CONNECTING;
    private ControlException downCause;
    private int reconnectAttempt;
    private boolean opening;
    private long noGrowthBefore;

    ControlPool(ControlClientOptions options) {
        this.options = options;
        this.threadPrefix = "sb-control-c" + CLIENTS.incrementAndGet() + "-";
        AtomicInteger timers = new AtomicInteger();
        this.timer = new ScheduledThreadPoolExecutor(2, task -> {
            Thread thread = new Thread(task, threadPrefix + "timer-" + timers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.noGrowthBefore = System.nanoTime();
    }

    /**
     * Starts the pool.
     *
     * @param requireDaemon open the first connection now and throw if that fails; otherwise connect in the
     *                      background
     */
    void start(boolean requireDaemon) {
        if (requireDaemon) {
            ControlConnection first;
            try {
                first = openConnection();
            } catch (RuntimeException e) {
                state = State.CLOSED;
                timer.shutdownNow();
                throw e;
            }
            lock.lock();
            try {
                connections.add(first);
                state = State.UP;
                if (options.poolMin() > 1) {
                    scheduleOpen(0);
                }
            } finally {
                lock.unlock();
            }
        } else {
            lock.lock();
            try {
                scheduleOpen(0);
            } finally {
                lock.unlock();
            }
        }
        long tick = Math.min(options.healthInterval().toNanos(), options.idleEviction().toNanos()) / 4;
        tick = Math.max(MIN_TICK, Math.min(MAX_TICK, tick));
        timer.scheduleWithFixedDelay(this::maintain, tick, tick, TimeUnit.NANOSECONDS);
    }

    String threadPrefix() {
        return threadPrefix;
    }

    // ---- acquiring ----------------------------------------------------------------------------------------

    /**
     * The live connection with the fewest calls in flight. Waits (up to the acquire timeout) only while a
     * connection is being opened and the daemon is not known to be down.
     *
     * @throws ControlUnavailableException (or the {@link ControlConnectionException} that made it so) while
     *                                     the daemon is down
     * @throws ControlTimeoutException     when no connection came up within the acquire timeout
     * @throws ControlClosedException      after {@link #close()}
     */
    ControlConnection acquire() {
        long deadline = 0;
        while (true) {
            ControlConnection best = leastBusy();
            if (best != null) {
                if (best.inFlight() >= options.busyThreshold()) {
                    maybeGrow();
                }
                return best;
            }
            lock.lock();
            try {
                best = leastBusy();
                if (best != null) {
                    continue;
                }
                switch (state) {
                    case CLOSED:
                        throw closed();
                    case DOWN:
                        throw copyOf(downCause);
                    default:
                        break;
                }
                if (!opening) {
                    state = State.CONNECTING;
                    scheduleOpen(0);
                }
                long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + options.acquireTimeout().toNanos();
                }
                long remaining = deadline - now;
                if (remaining <= 0) {
                    throw new ControlTimeoutException("no connection to the daemon at " + options.socketPath()
                            + " came up within " + options.acquireTimeout().toMillis() + " ms (acquireTimeout)");
                }
                try {
                    changed.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ControlException("interrupted while waiting for a connection to the daemon at "
                            + options.socketPath(), e);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private ControlConnection leastBusy() {
        ControlConnection best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (ControlConnection connection : connections) {
            if (connection.isLive()) {
                int load = connection.inFlight();
                if (load < bestLoad) {
                    best = connection;
                    bestLoad = load;
                }
            }
        }
        return best;
    }

    private void maybeGrow() {
        if (state != State.UP || connections.size() >= options.poolMax()) {
            return;
        }
        lock.lock();
        try {
            if (!opening && state == State.UP && connections.size() < options.poolMax()
                    && System.nanoTime() - noGrowthBefore >= 0) {
                scheduleOpen(0);
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- opening and losing connections -------------------------------------------------------------------

    private ControlConnection openConnection() {
        ControlConnection connection = ControlConnection.open(connectionNumbers.incrementAndGet(),
                options.socketPath(), options.mode(), options.maxPayload(), options.maxInFlightPerConnection(),
                timer, counters, threadPrefix, this::onLost);
        opened.incrementAndGet();
        // The daemon closes a connection that says nothing for its silence timeout (5 s by default) before it
        // knows the protocol: a connection still unused shortly after opening says hello with a ping.
        long opensAt = connection.lastUsedNanos();
        try {
            timer.schedule(() -> {
                if (connection.lastUsedNanos() == opensAt) {
                    connection.healthPing(options.callTimeout());
                }
            }, FIRST_WORDS_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // the pool is closing; the connection goes with it
        }
        return connection;
    }

    /** Lock held. */
    private void scheduleOpen(long delayNanos) {
        opening = true;
        try {
            timer.schedule(this::openTask, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            opening = false; // closing
        }
    }

    private void openTask() {
        if (state == State.CLOSED) {
            return;
        }
        ControlConnection connection = null;
        ControlException failure = null;
        try {
            connection = openConnection();
        } catch (ControlException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new ControlConnectionException("cannot connect to the daemon at " + options.socketPath()
                    + ": " + e, e);
        }
        lock.lock();
        try {
            opening = false;
            if (state == State.CLOSED) {
                if (connection != null) {
                    connection.close(this::closedFailure);
                }
                return;
            }
            if (connection != null && connection.isDead()) {
                failure = new ControlConnectionException("connection to the daemon at " + options.socketPath()
                        + " was lost right after it was opened");
                connection = null;
            }
            if (connection != null) {
                connections.add(connection);
                state = State.UP;
                downCause = null;
                if (liveCount() < options.poolMin()) {
                    scheduleOpen(0);
                }
            } else if (liveCount() == 0) {
                goDown(failure);
            } else {
                // Growth or top-up failed while other connections work: try again later, not on every call.
                noGrowthBefore = System.nanoTime() + options.reconnectMax().toNanos();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Lock held, no live connection: fail callers fast and retry after a jittered, growing delay. */
    private void goDown(ControlException cause) {
        state = State.DOWN;
        downCause = cause;
        reconnectAttempt++;
        scheduleOpen(backoffNanos(reconnectAttempt));
    }

    /** Exponential from reconnectInitial, capped at reconnectMax, then jittered to 50–100 % ("equal jitter"). */
    long backoffNanos(int attempt) {
        long initial = options.reconnectInitial().toNanos();
        long max = options.reconnectMax().toNanos();
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long delay = initial << shift;
        if (delay <= 0 || delay > max || (delay >> shift) != initial) {
            delay = max;
        }
        long half = delay / 2;
        return half + ThreadLocalRandom.current().nextLong(delay - half + 1);
    }

    /** Called by a connection that broke (on its reader, writer or a timer thread). */
    private void onLost(ControlConnection connection) {
        lock.lock();
        try {
            connections.remove(connection);
            retiring.remove(connection);
            if (state == State.CLOSED) {
                return;
            }
            if (liveCount() == 0) {
                if (opening) {
                    state = State.CONNECTING; // the open under way decides
                } else if (connection.everAnswered()) {
                    reconnectAttempt = 0; // a working connection broke (daemon restart?): try again at once
                    state = State.CONNECTING;
                    scheduleOpen(0);
                } else {
                    // It broke without ever answering: back off, do not spin on a daemon that accepts and drops.
                    goDown(new ControlConnectionException("connection to the daemon at " + options.socketPath()
                            + " was lost before it answered anything"));
                }
            } else if (liveCount() < options.poolMin() && !opening) {
                scheduleOpen(0);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private int liveCount() {
        int live = 0;
        for (ControlConnection connection : connections) {
            if (connection.isLive()) {
                live++;
            }
        }
        return live;
    }

    // ---- maintenance --------------------------------------------------------------------------------------

    private void maintain() {
        try {
            maintainOnce();
        } catch (RuntimeException e) {
            // Keep the schedule alive; the next tick tries again.
        }
    }

    private void maintainOnce() {
        long now = System.nanoTime();
        List<ControlConnection> toPing = new ArrayList<>();
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            retiring.removeIf(connection -> {
                if (connection.inFlight() == 0 || connection.isDead()) {
                    connection.close(this::retiredFailure);
                    return true;
                }
                return false;
            });
            evictIdle(now);
            if (state == State.UP && liveCount() < options.poolMin() && !opening && now - noGrowthBefore >= 0) {
                scheduleOpen(0);
            }
            long health = options.healthInterval().toNanos();
            for (ControlConnection connection : connections) {
                if (connection.isLive() && now - connection.lastHeardNanos() >= health) {
                    toPing.add(connection);
                }
            }
        } finally {
            lock.unlock();
        }
        for (ControlConnection connection : toPing) {
            connection.healthPing(options.callTimeout());
        }
    }

    /** Lock held. Closes connections above the minimum that have not been used for the idle eviction time. */
    private void evictIdle(long now) {
        int live = liveCount();
        if (live <= options.poolMin()) {
            return;
        }
        long idle = options.idleEviction().toNanos();
        List<ControlConnection> byLastUse = new ArrayList<>(connections);
        byLastUse.sort(Comparator.comparingLong(ControlConnection::lastUsedNanos));
        for (ControlConnection connection : byLastUse) {
            if (live <= options.poolMin()) {
                return;
            }
            if (connection.isLive() && connection.inFlight() == 0 && now - connection.lastUsedNanos() >= idle) {
                connections.remove(connection);
                connection.retire(); // from here no call can start on it...
                if (connection.inFlight() == 0) { // ...so this count can only go down
                    connection.close(this::retiredFailure);
                } else {
                    retiring.add(connection);
                }
                live--;
            }
        }
    }

    // ---- closing and stats --------------------------------------------------------------------------------

    @Override
    public void close() {
        List<ControlConnection> all;
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            all = new ArrayList<>(connections);
            all.addAll(retiring);
            connections.clear();
            retiring.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (ControlConnection connection : all) {
            connection.close(this::closedFailure);
        }
        timer.shutdownNow();
        for (ControlConnection connection : all) {
            join(connection.readerThread());
            join(connection.writerThread());
        }
        if (!Thread.currentThread().getName().startsWith(threadPrefix)) { // not from one of our own callbacks
            try {
                timer.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void join(Thread thread) {
        if (thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(Duration.ofSeconds(1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    ControlClosedException closed() {
        return new ControlClosedException("the control client for " + options.socketPath() + " is closed");
    }

    private ControlException closedFailure(String method) {
        return new ControlClosedException(method + " failed: the control client for " + options.socketPath()
                + " was closed");
    }

    private ControlException retiredFailure(String method) {
        return new ControlConnectionException(method + " failed: its connection to the daemon at "
                + options.socketPath() + " was closed as idle");
    }

    /** A fresh exception for this caller, so every caller gets its own stack trace. */
    private ControlException copyOf(ControlException cause) {
        if (cause instanceof ControlUnavailableException unavailable) {
            return new ControlUnavailableException(unavailable.socketPath(), unavailable.getCause());
        }
        if (cause == null) {
            return new ControlUnavailableException(options.socketPath());
        }
        return new ControlConnectionException(cause.getMessage(), cause);
    }

    ControlClientStats stats() {
        int inFlight = 0;
        int count = 0;
        for (ControlConnection connection : connections) {
            inFlight += connection.inFlight();
            if (connection.isLive()) {
                count++;
            }
        }
        lock.lock();
        try {
            for (ControlConnection connection : retiring) {
                inFlight += connection.inFlight();
            }
        } finally {
            lock.unlock();
        }
        return new ControlClientStats(options.socketPath(), options.mode(), state, count, inFlight, opened.get(),
                counters.lateAnswersDropped.sum());
    }
}
