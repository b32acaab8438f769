package dev.switchboard.bench.ws;

/**
 * What one idle run measured: lines held open, the handshake rate, and the server's RSS growth per line
 * (all processes of the server, read from /proc before the first and after the last line).
 */
public record IdleResult(String server, int wanted, int lines, int lost, double handshakesPerSecond,
                         long rssBefore, long rssAfter, String failure) {

    public double rssKibPerLine() {
        return lines == 0 ? 0 : (rssAfter - rssBefore) / 1024.0 / lines;
    }

    public boolean passed() {
        return failure == null;
    }
}
