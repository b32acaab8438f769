package dev.switchboard.core.auth;

/** Makes token-supplied text fit to repeat in an error message: short, printable, visibly quoted. */
final class Untrusted {

    private static final int MAX_CHARS = 64;

    private Untrusted() {
    }

    static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 5).append('"');
        for (int i = 0; i < text.length() && i < MAX_CHARS; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > MAX_CHARS) {
            out.append("...");
        }
        return out.append('"').toString();
    }
}
