package dev.switchboard.server.ws;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.concurrent.RejectedExecutionException;

/**
 * One flush per event loop per batch of deliveries: a line writes its frame without flushing and hands its channel
 * here; a single task queued behind the running one (the hub's one task per event loop per publish) then flushes
 * every channel written in that batch. Flushing each delivery separately walked the pipeline and entered the
 * kernel once per write on top of the writes themselves.
 *
 * <p>Owned by its thread (an event loop's thread); the list holds at most the lines of that loop, and is emptied by
 * every flush.
 */
final class BatchFlusher implements Runnable {

    private static final FastThreadLocal<BatchFlusher> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected BatchFlusher initialValue() {
            return new BatchFlusher();
        }
    };

    private final ArrayList<WebSocketLine> pending = new ArrayList<>();
    /** The loop the flush task was queued on; null when none is queued. */
    private EventLoop scheduledOn;

    private BatchFlusher() {
    }

    /** Flushes the line's channel at the end of the current batch; on its event loop only, once per batch. */
    static void flushSoon(WebSocketLine line) {
        PER_THREAD.get().add(line);
    }

    private void add(WebSocketLine line) {
        EventLoop loop = line.channel().eventLoop();
        if (scheduledOn == null) {
            try {
                loop.execute(this);
            } catch (RejectedExecutionException shuttingDown) {
                line.flushNow();
                return;
            }
            scheduledOn = loop;
        } else if (scheduledOn != loop) {
            // Several loops on one thread (only embedded test channels): no batching across them.
            line.flushNow();
            return;
        }
        pending.add(line);
    }

    @Override
    public void run() {
        // Indexed, size re-read: no iterator per batch, and a line written while flushing is flushed here too.
        for (int i = 0; i < pending.size(); i++) {
            pending.get(i).flushNow();
        }
        pending.clear();
        scheduledOn = null;
    }
}
