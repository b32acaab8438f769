/**
 * The operator's patchbay from the terminal: what {@code cable.list} says ({@link
 * dev.switchboard.server.cli.patchbay.PatchbaySnapshot}), its plain-text form ({@link
 * dev.switchboard.server.cli.patchbay.PatchbayText}), the TUI-free {@link
 * dev.switchboard.server.cli.patchbay.PatchbayModel} driven by key events, and the thin JLine view
 * {@link dev.switchboard.server.cli.patchbay.PatchbayScreen}.
 */
package dev.switchboard.server.cli.patchbay;
