import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Publish-to-delivery latency between two Switchboard nodes (docs/cluster.md): connects one device line to the
 * node on WS_PORT, then publishes N times, one at a time, through the HTTP API of the node on API_PORT and
 * times each publish until its frame arrives on the line. Run as a single-file program:
 *
 * <pre>java bench/scripts/CrossNodeLatency.java WS_PORT API_PORT API_KEY_FILE TOKEN N (device|user) TARGET</pre>
 *
 * TOKEN must be for the device line (./switchboard token --user U --device D); TARGET is D or U.
 */
public class CrossNodeLatency {
    public static void main(String[] args) throws Exception {
        int wsPort = Integer.parseInt(args[0]);
        int apiPort = Integer.parseInt(args[1]);
        String apiKey = Files.readString(Path.of(args[2])).trim();
        String token = args[3];
        int n = Integer.parseInt(args[4]);
        String kind = args[5];
        String target = args[6];
        HttpClient http = HttpClient.newHttpClient();
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + wsPort + "/ws?token=" + token), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            frames.add(text.toString());
                            text.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }
                }).get();
        frames.take(); // connection_ack
        long[] nanos = new long[n];
        for (int i = -200; i < n; i++) { // 200 rounds of warm-up
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + apiPort + "/api/v1/publish"))
                    .header("Authorization", "Bearer " + apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"" + kind + "\":\"" + target + "\",\"data\":" + i + "}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String frame = frames.poll(5, TimeUnit.SECONDS);
            long took = System.nanoTime() - start;
            if (frame == null || !response.body().equals("{\"delivered\":1}")) {
                throw new IllegalStateException("publish " + i + ": " + response.body() + ", frame " + frame);
            }
            if (i >= 0) {
                nanos[i] = took;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("%s %s: n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms%n", kind, target, n,
                nanos[n / 2] / 1e6, nanos[n * 9 / 10] / 1e6, nanos[n * 99 / 100] / 1e6, nanos[n - 1] / 1e6);
        ws.abort();
    }
}
