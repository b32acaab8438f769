package dev.switchboard.core.app;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An app line that remembers what it was sent and how it was closed. */
final class RecordingAppLine implements AppLine {

    final String id;
    final List<String> texts = new CopyOnWriteArrayList<>();
    final List<byte[]> binaries = new CopyOnWriteArrayList<>();
    volatile int closeCode = -1;

    RecordingAppLine(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void sendText(byte[] json) {
        texts.add(new String(json, StandardCharsets.UTF_8));
    }

    @Override
    public void sendBinary(byte[] bytes) {
        binaries.add(bytes);
    }

    @Override
    public void close(int code, String reason) {
        closeCode = code;
    }
}
