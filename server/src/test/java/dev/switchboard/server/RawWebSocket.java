package dev.switchboard.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, for tests that need what a polite client never does: read the
 * HTTP answer to a refused handshake, ignore pings, stop reading, send an oversized frame.
 */
public final class RawWebSocket implements AutoCloseable {

    /** One frame as it arrived. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }
    }

    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    public final int status;
    public final Map<String, String> headers;
    public final String body;

    private RawWebSocket(Socket socket, DataInputStream in, int status, Map<String, String> headers, String body)
            throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** Sends the upgrade request for {@code pathAndQuery} with optional extra header lines and reads the answer. */
    public static RawWebSocket open(int port, String pathAndQuery, String... extraHeaders) throws IOException {
        return open(port, pathAndQuery, 0, extraHeaders);
    }

    /** As {@link #open(int, String, String...)}, with a small receive buffer when {@code receiveBuffer > 0}. */
    public static RawWebSocket open(int port, String pathAndQuery, int receiveBuffer, String... extraHeaders)
            throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        StringBuilder request = new StringBuilder()
                .append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n");
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        String statusLine = readLine(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        String body = "";
        if (headers.containsKey("content-length")) {
            byte[] bytes = new byte[Integer.parseInt(headers.get("content-length"))];
            in.readFully(bytes);
            body = new String(bytes, StandardCharsets.UTF_8);
        }
        return new RawWebSocket(socket, in, status, headers, body);
    }

    /** Reads the next frame; fails with EOFException when the server closed the connection. */
    public Frame read() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame(b0 & 0x0F, payload);
    }

    /** Reads frames until one with the given opcode arrives (answering nothing on the way). */
    public Frame readUntil(int opcode) throws IOException {
        while (true) {
            Frame frame = read();
            if (frame.opcode() == opcode) {
                return frame;
            }
        }
    }

    /** Reads until a text frame whose text contains {@code fragment}. */
    public Frame readTextContaining(String fragment) throws IOException {
        while (true) {
            Frame frame = read();
            if (frame.opcode() == TEXT && frame.text().contains(fragment)) {
                return frame;
            }
            if (frame.opcode() == CLOSE) {
                throw new EOFException("closed with " + frame.closeCode() + " while waiting for " + fragment);
            }
        }
    }

    public void sendText(String text) throws IOException {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one final, masked frame, as clients must. */
    public void send(int opcode, byte[] payload) throws IOException {
        send(opcode, payload, true);
    }

    /** Sends one masked frame; {@code fin=false} starts or continues a fragmented message (opcode 0). */
    public void send(int opcode, byte[] payload, boolean fin) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    public void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        if (c == -1 && line.length() == 0) {
            throw new EOFException("connection closed before a full HTTP response");
        }
        return line.toString();
    }
}
