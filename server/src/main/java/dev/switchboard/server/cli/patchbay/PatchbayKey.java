package dev.switchboard.server.cli.patchbay;

/** The keys the patchbay understands; the view maps terminal input to these, tests press them directly. */
public enum PatchbayKey {
    UP, DOWN, LEFT, RIGHT, TAB,
    /** Space: pick up the selected client's cable, or plug the held cable into the selected upstream. */
    PLUG,
    /** {@code n}: pick up a pending cable for the next new client of the selected client's app. */
    NEXT_CLIENT,
    /** {@code d}: disconnect the selected client's (or pending) cable, or the held one. */
    DISCONNECT,
    /** Esc: put the held cable back without changing anything. */
    DROP,
    /** {@code q} or Ctrl-C. */
    QUIT
}
