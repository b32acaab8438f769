package dev.switchboard.core.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A registered app: its package name, its API key kept only as a salted SHA-256 hash, and the webhook the
 * gateway calls to start and stop it.
 */
public final class AppRegistration {

    /** Package names: reverse-DNS-like, letters, digits, {@code . _ -}, starting with a letter, 1..128 chars. */
    private static final Pattern PACKAGE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,127}");
    static final int MIN_KEY_LENGTH = 8;
    static final int MAX_KEY_LENGTH = 512;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String packageName;
    private final byte[] salt;
    private final byte[] keyHash;
    private final String webhookUrl;
    private final Instant registeredAt;

    private AppRegistration(String packageName, byte[] salt, byte[] keyHash, String webhookUrl, Instant registeredAt) {
        this.packageName = packageName;
        this.salt = salt;
        this.keyHash = keyHash;
        this.webhookUrl = webhookUrl;
        this.registeredAt = registeredAt;
    }

    /**
     * Validates and hashes; the plain key is not kept.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static AppRegistration create(String packageName, String apiKey, String webhookUrl, Instant now) {
        checkPackageName(packageName);
        if (apiKey == null || apiKey.length() < MIN_KEY_LENGTH || apiKey.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("apiKey must be " + MIN_KEY_LENGTH + ".." + MAX_KEY_LENGTH
                    + " characters");
        }
        checkWebhookUrl(webhookUrl);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new AppRegistration(packageName, salt, hash(salt, apiKey), webhookUrl, now);
    }

    public static void checkPackageName(String packageName) {
        if (packageName == null || !PACKAGE_NAME.matcher(packageName).matches()) {
            throw new IllegalArgumentException("packageName must be 1..128 characters of letters, digits, '.', '_' "
                    + "or '-', starting with a letter" + (packageName == null ? "" : "; got " + JsonText.quote(
                    packageName.length() > 64 ? packageName.substring(0, 64) + "…" : packageName)));
        }
    }

    private static void checkWebhookUrl(String webhookUrl) {
        if (webhookUrl == null || webhookUrl.isBlank()) {
            throw new IllegalArgumentException("webhookUrl is required");
        }
        try {
            URI uri = new URI(webhookUrl);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("webhookUrl must be an absolute http(s) URL; got " + webhookUrl);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("webhookUrl is not a URL: " + e.getMessage());
        }
    }

    /** Whether {@code apiKey} is this app's key; the comparison takes the same time wherever the bytes differ. */
    public boolean keyMatches(String apiKey) {
        if (apiKey == null) {
            return false;
        }
        return MessageDigest.isEqual(keyHash, hash(salt, apiKey));
    }

    /** Spends the time of a key check against nothing, so an unknown package answers as slowly as a wrong key. */
    static void burnKeyCheck(String apiKey) {
        MessageDigest.isEqual(new byte[32], hash(new byte[16], apiKey == null ? "" : apiKey));
    }

    static byte[] hash(byte[] salt, String apiKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(apiKey.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    public String packageName() {
        return packageName;
    }

    public String webhookUrl() {
        return webhookUrl;
    }

    public Instant registeredAt() {
        return registeredAt;
    }

    @Override
    public String toString() {
        return "AppRegistration[" + packageName + " -> " + webhookUrl + "]"; // never the key or its hash
    }
}
