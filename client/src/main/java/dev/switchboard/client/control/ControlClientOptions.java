package dev.switchboard.client.control;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ControlClient} connects and pools. Immutable; start from {@link #DEFAULT} and change what
 * you need with the {@code with…} methods. Every value is checked when the record is built.
 *
 * @param socketPath               the control socket; default {@link ControlSocketPath#resolve} of the
 *                                 environment ({@code $SWITCHBOARD_HOME/control.sock})
 * @param mode                     protocol spoken on every connection of the pool
 * @param callTimeout              how long a call waits for its answer
 * @param poolMin                  connections kept open even when idle (at least 1)
 * @param poolMax                  connections opened at most under load
 * @param acquireTimeout           how long a call waits for a connection while one is being (re)opened
 *                                 and the daemon is not known to be down
 * @param idleEviction             a connection above {@code poolMin} unused this long is closed
 * @param healthInterval           a connection that received nothing this long is sent {@code system.ping};
 *                                 one whose ping times out is replaced
 * @param reconnectInitial         first delay before reconnecting to a daemon that has gone
 * @param reconnectMax             the delay doubles up to this (each delay is jittered to 50–100 %)
 * @param maxInFlightPerConnection calls in flight on one connection at most; past it calls fail at once
 *                                 with {@link ControlBusyException}
 * @param busyThreshold            when every connection has at least this many calls in flight the pool
 *                                 opens another one (up to {@code poolMax})
 * @param maxPayload               largest request the client sends (binary payload, or JSON-RPC line);
 *                                 match the daemon's {@code control.maxPayload}
 */
public record ControlClientOptions(
        Path socketPath,
        ControlMode mode,
        Duration callTimeout,
        int poolMin,
        int poolMax,
        Duration acquireTimeout,
        Duration idleEviction,
        Duration healthInterval,
        Duration reconnectInitial,
        Duration reconnectMax,
        int maxInFlightPerConnection,
        int busyThreshold,
        int maxPayload) {

    public static final ControlClientOptions DEFAULT = new ControlClientOptions(
            ControlSocketPath.resolve(System.getenv()),
            ControlMode.JSON_RPC,
            Duration.ofSeconds(5),
            1,
            4,
            Duration.ofSeconds(2),
            Duration.ofSeconds(60),
            Duration.ofSeconds(10),
            Duration.ofMillis(50),
            Duration.ofSeconds(1),
            10_000,
            32,
            ControlWire.DEFAULT_MAX_PAYLOAD);

    public ControlClientOptions {
        Objects.requireNonNull(socketPath, "socketPath");
        Objects.requireNonNull(mode, "mode");
        positive("callTimeout", callTimeout);
        positive("acquireTimeout", acquireTimeout);
        positive("idleEviction", idleEviction);
        positive("healthInterval", healthInterval);
        positive("reconnectInitial", reconnectInitial);
        positive("reconnectMax", reconnectMax);
        if (reconnectMax.compareTo(reconnectInitial) < 0) {
            throw new IllegalArgumentException("reconnectMax (" + reconnectMax + ") must be at least reconnectInitial ("
                    + reconnectInitial + ")");
        }
        if (poolMin < 1) {
            throw new IllegalArgumentException("poolMin must be at least 1, got " + poolMin);
        }
        if (poolMax < poolMin) {
            throw new IllegalArgumentException("poolMax (" + poolMax + ") must be at least poolMin (" + poolMin + ")");
        }
        if (maxInFlightPerConnection < 1) {
            throw new IllegalArgumentException("maxInFlightPerConnection must be at least 1, got "
                    + maxInFlightPerConnection);
        }
        if (busyThreshold < 1) {
            throw new IllegalArgumentException("busyThreshold must be at least 1, got " + busyThreshold);
        }
        if (maxPayload < 64) {
            throw new IllegalArgumentException("maxPayload must be at least 64 bytes, got " + maxPayload);
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** The defaults, on another socket (the daemon's {@code --home}, a test's temporary directory). */
    public static ControlClientOptions forSocket(Path socketPath) {
        return DEFAULT.withSocketPath(socketPath);
    }

    public ControlClientOptions withSocketPath(Path newSocketPath) {
        return new ControlClientOptions(newSocketPath, mode, callTimeout, poolMin, poolMax, acquireTimeout,
                idleEviction, healthInterval, reconnectInitial, reconnectMax, maxInFlightPerConnection,
                busyThreshold, maxPayload);
    }

    public ControlClientOptions withMode(ControlMode newMode) {
        return new ControlClientOptions(socketPath, newMode, callTimeout, poolMin, poolMax, acquireTimeout,
                idleEviction, healthInterval, reconnectInitial, reconnectMax, maxInFlightPerConnection,
                busyThreshold, maxPayload);
    }

    public ControlClientOptions withCallTimeout(Duration newCallTimeout) {
        return new ControlClientOptions(socketPath, mode, newCallTimeout, poolMin, poolMax, acquireTimeout,
                idleEviction, healthInterval, reconnectInitial, reconnectMax, maxInFlightPerConnection,
                busyThreshold, maxPayload);
    }

    public ControlClientOptions withPool(int newMin, int newMax) {
        return new ControlClientOptions(socketPath, mode, callTimeout, newMin, newMax, acquireTimeout,
                idleEviction, healthInterval, reconnectInitial, reconnectMax, maxInFlightPerConnection,
                busyThreshold, maxPayload);
    }

    public ControlClientOptions withAcquireTimeout(Duration newAcquireTimeout) {
        return new ControlClientOptions(socketPath, mode, callTimeout, poolMin, poolMax, newAcquireTimeout,
                idleEviction, healthInterval, reconnectInitial, reconnectMax, maxInFlightPerConnection,
                busyThreshold, maxPayload);
    }

    public ControlClientOptions withIdleEviction(Duration newIdleEviction) {
        return new ControlClientOptions(socketPath, mode, callTimeout, poolMin, poolMax, acquireTimeout,
                newIdleEviction, healthInterval, reconnectInitial, reconnectMax, maxInFlightPerConnection,
                busyThreshold, maxPayload);
    }

    public ControlClientOptions withHealthInterval(Duration newHealthInterval) {
        return new ControlClientOptions(socketPath, mode, callTimeout, poolMin, poolMax, acquireTimeout,
                idleEviction, newHealthInterval, reconnectInitial, reconnectMax, maxInFlightPerConnection,
                busyThreshold, maxPayload);
    }

    public ControlClientOptions withReconnectBackoff(Duration newInitial, Duration newMax) {
        return new ControlClientOptions(socketPath, mode, callTimeout, poolMin, poolMax, acquireTimeout,
                idleEviction, healthInterval, newInitial, newMax, maxInFlightPerConnection,
                busyThreshold, maxPayload);
    }

    public ControlClientOptions withMaxInFlightPerConnection(int newMaxInFlight) {
        return new ControlClientOptions(socketPath, mode, callTimeout, poolMin, poolMax, acquireTimeout,
                idleEviction, healthInterval, reconnectInitial, reconnectMax, newMaxInFlight,
                busyThreshold, maxPayload);
    }

    public ControlClientOptions withBusyThreshold(int newBusyThreshold) {
        return new ControlClientOptions(socketPath, mode, callTimeout, poolMin, poolMax, acquireTimeout,
                idleEviction, healthInterval, reconnectInitial, reconnectMax, maxInFlightPerConnection,
                newBusyThreshold, maxPayload);
    }

    public ControlClientOptions withMaxPayload(int newMaxPayload) {
        return new ControlClientOptions(socketPath, mode, callTimeout, poolMin, poolMax, acquireTimeout,
                idleEviction, healthInterval, reconnectInitial, reconnectMax, maxInFlightPerConnection,
                busyThreshold, newMaxPayload);
    }
}
