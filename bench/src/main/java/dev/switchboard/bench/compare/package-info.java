/**
 * {@code bench compare}: peer servers started from bench/peers/ on pinned cores, driven one after another by
 * the same load generator, and the side-by-side report (JSON, markdown table with ratios, PNG chart).
 */
package dev.switchboard.bench.compare;
