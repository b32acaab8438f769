package dev.switchboard.bench.proxy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.io.ByteArrayOutputStream;

/** One JSON-RPC call over a Switchboard control socket, answered with the raw response line. */
public final class ControlCall {

    /** JSON-RPC's "method not found": the daemon has no such method (e.g. a build without the dev proxy). */
    public static final int METHOD_NOT_FOUND = -32601;

    private ControlCall() {
    }

    public static String call(Path socket, String method, String paramsJson) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":"
                    + paramsJson + "}\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (channel.read(in) >= 0) {
                in.flip();
                while (in.hasRemaining()) {
                    byte b = in.get();
                    if (b == '\n') {
                        return answer.toString(StandardCharsets.UTF_8);
                    }
                    answer.write(b);
                }
                in.clear();
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** Whether {@code answer} is the error "method not found". */
    public static boolean isMethodNotFound(String answer) {
        return answer.contains("\"error\"") && answer.replace(" ", "").contains("\"code\":" + METHOD_NOT_FOUND);
    }

    public static boolean isError(String answer) {
        return answer.contains("\"error\"");
    }
}
