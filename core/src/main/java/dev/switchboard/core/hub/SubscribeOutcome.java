package dev.switchboard.core.hub;

/** The answer to a subscribe or unsubscribe, each with the error code a client sees when it failed. */
public enum SubscribeOutcome {
    SUBSCRIBED(null),
    UNSUBSCRIBED(null),
    ALREADY_SUBSCRIBED(null),
    NOT_SUBSCRIBED("not_subscribed"),
    INVALID_CHANNEL("invalid_channel"),
    TOO_MANY_CHANNELS("too_many_channels"),
    LINE_CLOSED("line_closed");

    private final String errorCode;

    SubscribeOutcome(String errorCode) {
        this.errorCode = errorCode;
    }

    public boolean ok() {
        return errorCode == null;
    }

    /** The protocol error code, or null for a success. */
    public String errorCode() {
        return errorCode;
    }
}
