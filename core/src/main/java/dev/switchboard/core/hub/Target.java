package dev.switchboard.core.hub;

/** Where a published message should go. Exactly one of: a device, a user's devices, a channel, everyone. */
public sealed interface Target permits Target.Device, Target.User, Target.Channel, Target.Broadcast {

    /** A short label for logs and metrics, e.g. {@code device:phone-1}. */
    String describe();

    /** The metric tag value for this kind of target. */
    String kind();

    static Target device(String deviceId) {
        return new Device(deviceId);
    }

    static Target user(String userId) {
        return new User(userId);
    }

    static Target channel(String name) {
        return new Channel(name);
    }

    static Target broadcast() {
        return Broadcast.INSTANCE;
    }

    record Device(String deviceId) implements Target {
        public Device {
            requireText(deviceId, "device");
        }

        @Override
        public String describe() {
            return "device:" + deviceId;
        }

        @Override
        public String kind() {
            return "device";
        }
    }

    record User(String userId) implements Target {
        public User {
            requireText(userId, "user");
        }

        @Override
        public String describe() {
            return "user:" + userId;
        }

        @Override
        public String kind() {
            return "user";
        }
    }

    record Channel(String name) implements Target {
        public Channel {
            ChannelNames.requireValid(name);
        }

        @Override
        public String describe() {
            return "channel:" + name;
        }

        @Override
        public String kind() {
            return "channel";
        }
    }

    /** Every line on every node. */
    final class Broadcast implements Target {
        static final Broadcast INSTANCE = new Broadcast();

        private Broadcast() {
        }

        @Override
        public String describe() {
            return "broadcast";
        }

        @Override
        public String kind() {
            return "broadcast";
        }

        @Override
        public String toString() {
            return "Broadcast";
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must be a non-empty string");
        }
    }
}
