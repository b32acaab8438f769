package dev.switchboard.bench.compare;

/** One figure a comparison reports per server, e.g. CPU µs per delivery (lower is better). */
public record Figure(String key, String label, boolean higherIsBetter) {
}
