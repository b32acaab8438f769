package dev.switchboard.core.pairing;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * Makes pairing codes: short, easy to read aloud and type, drawn with {@link SecureRandom} from an alphabet
 * without look-alikes (no {@code 0/O}, no {@code 1/I/L}). With the default 4 characters there are
 * 31<sup>4</sup> = 923,521 codes; uniqueness among live codes is the store's job (the service retries).
 */
public final class PairingCodes {

    /** Upper-case letters and digits minus {@code 0 O 1 I L}. */
    public static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public static final int MIN_LENGTH = 4;
    public static final int MAX_LENGTH = 12;

    private final int length;
    private final Random random;

    public PairingCodes(int length) {
        this(length, new SecureRandom());
    }

    /** With a given source of randomness; tests use a predictable one to force collisions. */
    PairingCodes(int length, Random random) {
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("code length must be " + MIN_LENGTH + ".." + MAX_LENGTH + ", was " + length);
        }
        this.length = length;
        this.random = Objects.requireNonNull(random, "random");
    }

    public int length() {
        return length;
    }

    /** A fresh random code; not checked for uniqueness. */
    public String next() {
        char[] code = new char[length];
        for (int i = 0; i < length; i++) {
            code[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(code);
    }

    /** What a user typed, as a code to look up: surrounding blanks removed, upper case. Null becomes "". */
    public static String normalise(String typed) {
        return typed == null ? "" : typed.strip().toUpperCase(Locale.ROOT);
    }

    /**
     * Whether a normalised code could have been issued: {@value #MIN_LENGTH}..{@value #MAX_LENGTH} characters
     * of {@link #ALPHABET}. Anything else is refused without asking the store.
     */
    public static boolean isWellFormed(String code) {
        if (code == null || code.length() < MIN_LENGTH || code.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            if (ALPHABET.indexOf(code.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
