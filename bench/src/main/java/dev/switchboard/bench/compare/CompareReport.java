package dev.switchboard.bench.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The side-by-side result of one {@code bench compare}: every run of every server, the median of each figure
 * over a server's passing runs, and its ratio to Switchboard's; written as JSON, a markdown table and a PNG
 * bar chart per headline figure.
 */
public final class CompareReport {

    /** One run of one server: its figures, or why it failed. */
    public record Run(String server, int round, Map<String, Double> figures, String failure) {
    }

    /** A run whose failure starts with this did not run at all (e.g. a feature missing from the build). */
    public static final String SKIPPED = "skipped";

    private final String scenario;
    private final String command;
    private final String machine;
    private final String date;
    private final List<Figure> figures;
    private final List<Run> runs = new ArrayList<>();

    public CompareReport(String scenario, String command, String machine, String date, List<Figure> figures) {
        this.scenario = scenario;
        this.command = command;
        this.machine = machine;
        this.date = date;
        this.figures = figures;
    }

    public void add(Run run) {
        runs.add(run);
    }

    public List<Run> runs() {
        return runs;
    }

    /** Whether any run failed its own validation (a run {@linkplain #SKIPPED skipped} is no failure). */
    public boolean anyFailed() {
        return runs.stream().anyMatch(r -> r.failure() != null && !r.failure().startsWith(SKIPPED));
    }

    /** Servers in the order they first ran. */
    List<String> servers() {
        List<String> servers = new ArrayList<>();
        for (Run run : runs) {
            if (!servers.contains(run.server())) {
                servers.add(run.server());
            }
        }
        return servers;
    }

    /** Servers a chart shows: a server whose every run was {@linkplain #SKIPPED skipped} has no bar, not a zero one. */
    List<String> chartedServers() {
        List<String> charted = new ArrayList<>();
        for (String server : servers()) {
            if (runs.stream().anyMatch(r -> r.server().equals(server) && (r.failure() == null || !r.failure().startsWith(SKIPPED)))) {
                charted.add(server);
            }
        }
        return charted;
    }

    /** The median of {@code key} over the passing runs of {@code server}; NaN when none passed. */
    public double median(String server, String key) {
        List<Double> values = new ArrayList<>();
        for (Run run : runs) {
            if (run.server().equals(server) && run.failure() == null && run.figures().containsKey(key)) {
                values.add(run.figures().get(key));
            }
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        values.sort(Double::compare);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    /** {@code server}'s median over Switchboard's; NaN when either is missing. */
    public double ratio(String server, String key) {
        double base = median("switchboard", key);
        double value = median(server, key);
        return base == 0 || Double.isNaN(base) ? Double.NaN : value / base;
    }

    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| server |");
        for (Figure figure : figures) {
            out.append(' ').append(figure.label()).append(figure.higherIsBetter() ? " (↑)" : " (↓)").append(" |");
        }
        out.append(" runs passed |\n|---|");
        for (int i = 0; i < figures.size(); i++) {
            out.append("---|");
        }
        out.append("---|\n");
        for (String server : servers()) {
            out.append("| ").append(server).append(" |");
            for (Figure figure : figures) {
                double value = median(server, figure.key());
                double ratio = ratio(server, figure.key());
                out.append(' ').append(format(value));
                if (!server.equals("switchboard") && !Double.isNaN(ratio)) {
                    out.append(String.format(Locale.ROOT, " (%.2f×)", ratio));
                }
                out.append(" |");
            }
            long passed = runs.stream().filter(r -> r.server().equals(server) && r.failure() == null).count();
            long total = runs.stream().filter(r -> r.server().equals(server)).count();
            out.append(' ').append(passed).append('/').append(total).append(" |\n");
        }
        for (Run run : runs) {
            if (run.failure() != null) {
                out.append(run.failure().startsWith(SKIPPED) ? "\n" : "\nFAILED: ").append(run.server()).append(" round ").append(run.round()).append(": ")
                        .append(run.failure());
            }
        }
        return out.toString();
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    public String json() {
        StringBuilder out = new StringBuilder("{\n");
        out.append("  \"scenario\": ").append(quote(scenario)).append(",\n");
        out.append("  \"date\": ").append(quote(date)).append(",\n");
        out.append("  \"command\": ").append(quote(command)).append(",\n");
        out.append("  \"machine\": ").append(quote(machine)).append(",\n");
        out.append("  \"figures\": [");
        for (int i = 0; i < figures.size(); i++) {
            Figure f = figures.get(i);
            out.append(i == 0 ? "" : ", ").append("{\"key\": ").append(quote(f.key())).append(", \"label\": ")
                    .append(quote(f.label())).append(", \"higherIsBetter\": ").append(f.higherIsBetter()).append('}');
        }
        out.append("],\n  \"runs\": [\n");
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            out.append("    {\"server\": ").append(quote(run.server())).append(", \"round\": ").append(run.round())
                    .append(", \"passed\": ").append(run.failure() == null);
            if (run.failure() != null) {
                out.append(", \"failure\": ").append(quote(run.failure()));
            }
            for (Map.Entry<String, Double> e : run.figures().entrySet()) {
                out.append(", ").append(quote(e.getKey())).append(": ").append(number(e.getValue()));
            }
            out.append(i + 1 < runs.size() ? "},\n" : "}\n");
        }
        out.append("  ],\n  \"summary\": {\n");
        List<String> servers = servers();
        for (int s = 0; s < servers.size(); s++) {
            out.append("    ").append(quote(servers.get(s))).append(": {");
            for (int i = 0; i < figures.size(); i++) {
                String key = figures.get(i).key();
                out.append(i == 0 ? "" : ", ").append(quote(key)).append(": ").append(number(median(servers.get(s), key)))
                        .append(", ").append(quote(key + "Ratio")).append(": ").append(number(ratio(servers.get(s), key)));
            }
            out.append(s + 1 < servers.size() ? "},\n" : "}\n");
        }
        return out.append("  }\n}\n").toString();
    }

    /** Writes {@code <base>.json}, {@code <base>.md} and one {@code <base>-<figure>.png} per chart figure. */
    public List<Path> write(Path directory, String base, List<Figure> charted) throws IOException {
        Files.createDirectories(directory);
        List<Path> written = new ArrayList<>();
        Path json = directory.resolve(base + ".json");
        Files.writeString(json, json(), StandardCharsets.UTF_8);
        written.add(json);
        Path md = directory.resolve(base + ".md");
        Files.writeString(md, "# " + scenario + " — " + date + "\n\n`" + command + "`\n\n" + machine + "\n\n"
                + markdown() + "\n", StandardCharsets.UTF_8);
        written.add(md);
        for (Figure figure : charted) {
            Path png = directory.resolve(base + "-" + figure.key() + ".png");
            chart(figure, png);
            written.add(png);
        }
        return written;
    }

    private void chart(Figure figure, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, Double> values = new LinkedHashMap<>();
        for (String server : chartedServers()) {
            double v = median(server, figure.key());
            values.put(server, Double.isNaN(v) ? 0 : Math.round(v * 100) / 100.0);
        }
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
                .title(scenario + ": " + figure.label() + (figure.higherIsBetter() ? " (higher is better)" : " (lower is better)"))
                .xAxisTitle("server").yAxisTitle(figure.label()).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.addSeries(figure.label(), new ArrayList<>(values.keySet()), new ArrayList<>(values.values()));
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String number(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", value);
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
    }
}
