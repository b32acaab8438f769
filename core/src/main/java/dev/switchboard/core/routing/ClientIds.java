package dev.switchboard.core.routing;

import java.security.SecureRandom;

/**
 * Opaque client ids: {@code c-} and 16 characters of a 32-letter alphabet (80 random bits from
 * {@link SecureRandom}), so one client cannot guess another's cookie, and the id is safe in a cookie value
 * and on a command line.
 */
public final class ClientIds {

    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final SecureRandom random = new SecureRandom();

    public String next() {
        char[] id = new char[18];
        id[0] = 'c';
        id[1] = '-';
        for (int i = 2; i < id.length; i++) {
            id[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(id);
    }

    /** True when this could be an id we issued (what a cookie value must look like to be trusted as one). */
    public static boolean isWellFormed(String id) {
        // By hand, not FORM.matcher: this runs on every proxied request.
        if (id == null || id.length() != 18 || id.charAt(0) != 'c' || id.charAt(1) != '-') {
            return false;
        }
        for (int i = 2; i < 18; i++) {
            if (ALPHABET.indexOf(id.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
