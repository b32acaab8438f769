package dev.switchboard.server.cli.patchbay;

/** A change the patchbay asks the daemon for; the view performs it and reports the outcome back. */
public sealed interface PatchbayAction {

    /** {@code cable.connect {client, upstream}}: {@code client} is a client key or, for a pending cable, an app. */
    record Connect(String client, String upstream) implements PatchbayAction {
    }

    /** {@code cable.disconnect {client}}. */
    record Disconnect(String client) implements PatchbayAction {
    }
}
