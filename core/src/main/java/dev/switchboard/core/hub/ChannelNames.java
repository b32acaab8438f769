package dev.switchboard.core.hub;

import java.util.regex.Pattern;

/** The rule for channel names, shared by subscribe and publish so the two can never disagree. */
public final class ChannelNames {

    public static final int MAX_LENGTH = 128;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.:/@-]+");

    private ChannelNames() {
    }

    /** Returns null when the name is valid, else a sentence saying what is wrong. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "channel must be a non-empty string";
        }
        if (name.length() > MAX_LENGTH) {
            return "channel is longer than " + MAX_LENGTH + " characters";
        }
        if (!ALLOWED.matcher(name).matches()) {
            return "channel may only contain letters, digits and _ . : / @ -";
        }
        return null;
    }

    public static void requireValid(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }
}
