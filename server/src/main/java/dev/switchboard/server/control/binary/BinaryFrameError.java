package dev.switchboard.server.control.binary;

/**
 * A frame the decoder could not accept, to be answered with an error frame.
 *
 * @param requestId the id from the header when it could be read, else 0
 * @param fatal     true when framing is lost (bad magic, unknown version, over-size length): the answer is the
 *                  connection's last; false when the frame was skipped whole and the next one can be read
 */
public record BinaryFrameError(int requestId, int code, String message, boolean fatal) {
}
