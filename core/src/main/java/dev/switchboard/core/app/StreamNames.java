package dev.switchboard.core.app;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Stream names and what a subscription matches. A name is a lower-case kind ({@code location},
 * {@code head_position}, {@code audio}) optionally followed by {@code :} and a qualifier ({@code
 * transcription:en-US}); {@code *} subscribes to everything. A subscription matches a stream of exactly its
 * name; {@code *} matches every stream.
 */
public final class StreamNames {

    public static final String WILDCARD = "*";
    /** The stream of the device's binary frames. */
    public static final String AUDIO = "audio";
    public static final int MAX_LENGTH = 100;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(:[A-Za-z0-9_.-]+)?");

    private StreamNames() {
    }

    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && NAME.matcher(name).matches();
    }

    /**
     * The validated, de-duplicated set, in the order given.
     *
     * @throws IllegalArgumentException naming the first bad entry, or when there are more than {@code max}
     */
    public static Set<String> subscriptions(Collection<String> names, int max) {
        Set<String> set = new LinkedHashSet<>();
        for (String name : names) {
            if (!WILDCARD.equals(name) && !isValid(name)) {
                throw new IllegalArgumentException("invalid stream name " + (name == null ? "null"
                        : JsonText.quote(name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) + "…" : name))
                        + ": use a lower-case kind like location or transcription:en-US, or *");
            }
            set.add(name);
        }
        if (set.size() > max) {
            throw new IllegalArgumentException("at most " + max + " subscriptions per app; got " + set.size());
        }
        return Collections.unmodifiableSet(set);
    }

    public static boolean matches(Set<String> subscriptions, String stream) {
        return subscriptions.contains(stream) || subscriptions.contains(WILDCARD);
    }
}
