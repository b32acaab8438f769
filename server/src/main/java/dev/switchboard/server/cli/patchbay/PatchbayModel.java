package dev.switchboard.server.cli.patchbay;

import dev.switchboard.server.cli.patchbay.PatchbaySnapshot.Cable;
import dev.switchboard.server.cli.patchbay.PatchbaySnapshot.Client;
import dev.switchboard.server.cli.patchbay.PatchbaySnapshot.Upstream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The patchbay without a terminal: the last {@code cable.list}, the selection, the cable in hand, and the
 * screen drawn as lines of text. Keys go in through {@link #press}, which answers with the daemon call to
 * make, if any; the view makes it and hands the outcome to {@link #report}. Not thread-safe: one view
 * thread drives it.
 *
 * <p>Routes are drawn from each client's {@code upstream} as {@code cable.list} reports it, which is where
 * its traffic actually goes, not from the cables: a cable its traffic does not follow is called out in the
 * detail line instead of being drawn as if it were the route.
 */
public final class PatchbayModel {

    /** Lines that are not rows: title, column headers, detail, message, help. */
    static final int CHROME_LINES = 5;
    static final String HELP = "q quit · ↑↓ move · ←→ column · space pick up/plug · d disconnect"
            + " · n cable the next new client · esc drop";

    /** A row on the left: a client, or a pending cable waiting for the next new client of an app. */
    record LeftRow(String key, String identifier, String upstream, String method, boolean pending) {

        String text() {
            if (pending) {
                return "⋯ next " + key + " [pending]";
            }
            return key + (identifier == null ? "" : " " + identifier) + " [" + (method == null ? "-" : method) + "]";
        }
    }

    /**
     * The cable in hand: whose it is ({@code client}: a client key, or an app for a pending cable), and the
     * row it was picked up from, where it is drawn from.
     */
    private record Held(String client, boolean pending, String row) {
    }

    private PatchbaySnapshot listing = PatchbaySnapshot.EMPTY;
    private List<LeftRow> left = List.of();
    private int clientIndex;
    private int upstreamIndex;
    private boolean upstreamsFocused;
    private Held held;
    private String message = "";
    private boolean quit;
    private int scroll;

    /** Takes a fresh {@code cable.list}, keeping the selection on the same client and upstream when they remain. */
    public void update(PatchbaySnapshot fresh) {
        String selectedKey = selectedRow().map(LeftRow::key).orElse(null);
        String selectedUpstream = selectedUpstream().map(Upstream::id).orElse(null);
        listing = fresh;
        List<LeftRow> rows = new ArrayList<>();
        // the daemon lists the most recently seen first; the patchbay keeps rows still while clients talk
        List<Client> clients = new ArrayList<>(fresh.clients());
        clients.sort(Comparator.comparing(Client::identifier, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Client::key));
        for (Client client : clients) {
            rows.add(new LeftRow(client.key(), client.identifier(), client.upstream(), client.method(), false));
        }
        for (Cable cable : fresh.pendingCables()) {
            rows.add(new LeftRow(cable.client(), cable.client(), cable.upstream(), "pending", true));
        }
        left = List.copyOf(rows);
        clientIndex = reselect(indexOfRow(selectedKey), clientIndex, left.size());
        upstreamIndex = reselect(indexOfUpstream(selectedUpstream), upstreamIndex, fresh.upstreams().size());
        if (fresh.upstreams().isEmpty()) {
            upstreamsFocused = false;
        }
    }

    /** Shows the outcome of an action, or that the daemon is not answering, in the message line. */
    public void report(String outcome) {
        message = outcome == null ? "" : outcome;
    }

    public boolean quitRequested() {
        return quit;
    }

    public PatchbaySnapshot listing() {
        return listing;
    }

    public Optional<LeftRow> selectedRow() {
        return clientIndex < left.size() ? Optional.of(left.get(clientIndex)) : Optional.empty();
    }

    public Optional<Upstream> selectedUpstream() {
        List<Upstream> upstreams = listing.upstreams();
        return upstreamIndex < upstreams.size() ? Optional.of(upstreams.get(upstreamIndex)) : Optional.empty();
    }

    /** The client key (or app, for a pending cable) whose cable is in hand. */
    public Optional<String> holding() {
        return held == null ? Optional.empty() : Optional.of(held.client());
    }

    public boolean upstreamsFocused() {
        return upstreamsFocused;
    }

    public String message() {
        return message;
    }

    /** One key press; answers the daemon call it asks for, if any. */
    public Optional<PatchbayAction> press(PatchbayKey key) {
        switch (key) {
            case UP -> move(-1);
            case DOWN -> move(1);
            case LEFT -> upstreamsFocused = false;
            case RIGHT -> upstreamsFocused = !listing.upstreams().isEmpty();
            case TAB -> upstreamsFocused = !upstreamsFocused && !listing.upstreams().isEmpty();
            case PLUG -> {
                return plug();
            }
            case NEXT_CLIENT -> pickUpPending();
            case DISCONNECT -> {
                return disconnect();
            }
            case DROP -> {
                if (held != null) {
                    message = "put the cable of " + held.client() + " back; nothing changed";
                    held = null;
                }
            }
            case QUIT -> quit = true;
            default -> throw new IllegalArgumentException("unknown key " + key);
        }
        return Optional.empty();
    }

    private void move(int delta) {
        if (upstreamsFocused) {
            upstreamIndex = clamp(upstreamIndex + delta, listing.upstreams().size());
        } else {
            clientIndex = clamp(clientIndex + delta, left.size());
        }
    }

    private Optional<PatchbayAction> plug() {
        if (held != null && upstreamsFocused) {
            Optional<Upstream> target = selectedUpstream();
            if (target.isEmpty()) {
                message = "no upstream to plug into";
                return Optional.empty();
            }
            Held plugging = held;
            held = null;
            message = "plugging " + plugging.client() + " into " + target.get().id() + " …";
            return Optional.of(new PatchbayAction.Connect(plugging.client(), target.get().id()));
        }
        if (upstreamsFocused) {
            message = "pick up a client's cable first: ← to the clients, space on one";
            return Optional.empty();
        }
        Optional<LeftRow> row = selectedRow();
        if (row.isEmpty()) {
            message = "no clients yet: they appear on their first request through the proxy";
            return Optional.empty();
        }
        pickUp(new Held(row.get().key(), row.get().pending(), row.get().key()), row.get().upstream());
        return Optional.empty();
    }

    private void pickUpPending() {
        Optional<LeftRow> row = selectedRow();
        if (upstreamsFocused || row.isEmpty()) {
            message = "select a client first: the cable will take the next new client of its app";
            return;
        }
        if (row.get().identifier() == null) {
            message = row.get().key() + " has no app identifier to wait for";
            return;
        }
        pickUp(new Held(row.get().identifier(), true, row.get().key()), null);
    }

    private void pickUp(Held cable, String currentUpstream) {
        held = cable;
        if (listing.upstreams().isEmpty()) {
            message = "holding the cable of " + cable.client() + ", but no upstream is registered to plug it into";
            return;
        }
        upstreamsFocused = true;
        int current = indexOfUpstream(currentUpstream);
        if (current >= 0) {
            upstreamIndex = current;
        }
        message = (cable.pending() ? "holding a pending cable for the next new " + cable.client() + " client"
                : "holding the cable of " + cable.client()) + ": ↑↓ choose an upstream, space plug in, esc drop";
    }

    private Optional<PatchbayAction> disconnect() {
        if (held != null) {
            Held unplugging = held;
            held = null;
            return unplug(unplugging.client());
        }
        if (upstreamsFocused) {
            message = "select a client to disconnect: ← to the clients";
            return Optional.empty();
        }
        Optional<LeftRow> row = selectedRow();
        if (row.isEmpty()) {
            message = "no clients yet";
            return Optional.empty();
        }
        if (!row.get().pending() && listing.cableOf(row.get().key()).isEmpty()) {
            message = row.get().key() + " has no operator cable to disconnect: its route is "
                    + (row.get().method() == null ? "not decided yet" : "learned (" + row.get().method() + ")");
            return Optional.empty();
        }
        return unplug(row.get().key());
    }

    private Optional<PatchbayAction> unplug(String client) {
        message = "disconnecting " + client + " …";
        return Optional.of(new PatchbayAction.Disconnect(client));
    }

    /** The screen as {@code height} lines of at most {@code width} characters. */
    public List<String> render(int width, int height) {
        width = Math.max(width, 20);
        height = Math.max(height, 1);
        List<Upstream> upstreams = listing.upstreams();
        List<String> lines = new ArrayList<>(height);
        lines.add(fit("Switchboard patchbay · " + count(listing.clients().size(), "client") + " · "
                + count(upstreams.size(), "upstream") + " · " + count(listing.cables().size(), "cable"), width));

        int lanesWanted = left.size() + 1;
        int minGutter = Math.min(Math.max(6, lanesWanted * 2 + 3), width / 3);
        int available = width - minGutter;
        int leftWidth = widest(left.stream().map(LeftRow::text).toList()) + 3;
        int rightWidth = widest(upstreams.stream().map(PatchbayModel::upstreamText).toList()) + 3;
        if (leftWidth + rightWidth > available) {
            int leftShare = Math.min(leftWidth, Math.max(available / 2, available - rightWidth));
            rightWidth = available - leftShare;
            leftWidth = leftShare;
        }
        int gutter = width - leftWidth - rightWidth;
        lines.add(fit(pad("CLIENTS", leftWidth + gutter) + "UPSTREAMS", width));

        // clients sit on even grid rows and upstreams on odd ones, so the wire leaving a client and the
        // wire arriving at an upstream never share a row: wires only ever cross, never run together
        int rows = 2 * Math.max(left.size(), upstreams.size());
        Wires wires = new Wires(rows, gutter);
        int lane = 0;
        for (int i = 0; i < left.size(); i++) {
            int target = indexOfUpstream(left.get(i).upstream());
            if (target >= 0) {
                wires.route(2 * i, 2 * target + 1, lane++, false);
            }
        }
        if (held != null && upstreamsFocused && upstreamIndex < upstreams.size()) {
            int from = indexOfRow(held.row());
            if (from >= 0) {
                wires.route(2 * from, 2 * upstreamIndex + 1, lane, true);
            }
        }

        int viewport = Math.max(0, height - CHROME_LINES);
        int focusRow = upstreamsFocused ? 2 * upstreamIndex + 1 : 2 * clientIndex;
        if (focusRow < scroll) {
            scroll = focusRow;
        } else if (focusRow >= scroll + viewport) {
            scroll = focusRow - viewport + 1;
        }
        scroll = Math.max(0, Math.min(scroll, Math.max(0, rows - viewport)));
        if (rows == 0 && viewport > 0) {
            lines.add(fit("  no clients yet: they appear on their first request through the proxy", width));
        }
        for (int r = scroll; r < Math.min(rows, scroll + viewport); r++) {
            int item = r / 2;
            String leftText = r % 2 == 0 && item < left.size() ? leftMarker(item) + left.get(item).text() : "";
            String rightText = r % 2 == 1 && item < upstreams.size()
                    ? rightMarker(item) + upstreamText(upstreams.get(item)) : "";
            String wire = wires.row(r);
            String leftCell = fit(leftText, leftWidth - 1);
            // the wire leaves right where the client's text ends
            leftCell = leftText.isEmpty() || wire.charAt(0) == ' ' ? pad(leftCell, leftWidth)
                    : leftCell + " " + String.valueOf(wire.charAt(0)).repeat(Math.max(0, leftWidth - leftCell.length() - 1));
            lines.add(fit((leftCell + wire + rightText).stripTrailing(), width));
        }
        while (lines.size() < height - 3) {
            lines.add("");
        }
        lines.add(fit(detail(), width));
        lines.add(fit(message, width));
        lines.add(fit(HELP, width));
        return lines.size() > height ? List.copyOf(lines.subList(0, height)) : lines;
    }

    /** Where the selected client's traffic goes and why, in words. */
    private String detail() {
        Optional<LeftRow> row = selectedRow();
        if (row.isEmpty()) {
            return listing.upstreams().isEmpty() ? "no upstreams registered: ./switchboard upstreams register --port PORT"
                    : "";
        }
        LeftRow selected = row.get();
        if (selected.pending()) {
            return "the next new " + selected.key() + " client goes to "
                    + PatchbayText.upstreamLabel(listing, selected.upstream());
        }
        Client client = listing.clients().stream().filter(c -> c.key().equals(selected.key())).findFirst()
                .orElseThrow();
        return selected.key() + " → " + PatchbayText.destination(listing, client) + " · "
                + PatchbayText.why(listing, client);
    }

    private String leftMarker(int row) {
        boolean selected = row == clientIndex;
        if (held != null && left.get(row).key().equals(held.row())) {
            return "* ";
        }
        return selected ? (upstreamsFocused ? "› " : "▸ ") : "  ";
    }

    private String rightMarker(int row) {
        boolean selected = row == upstreamIndex;
        return " " + (selected ? (upstreamsFocused ? "◂ " : "‹ ") : "  ");
    }

    static String upstreamText(Upstream upstream) {
        return (upstream.live() ? "● " : "✗ ") + upstream.id() + " " + upstream.label() + " " + upstream.address()
                + (upstream.live() ? "" : " DEAD");
    }

    private static int widest(List<String> texts) {
        return Math.max(9, texts.stream().mapToInt(String::length).max().orElse(9));
    }

    private int indexOfRow(String key) {
        for (int i = 0; key != null && i < left.size(); i++) {
            if (left.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private int indexOfUpstream(String id) {
        List<Upstream> upstreams = listing.upstreams();
        for (int i = 0; id != null && i < upstreams.size(); i++) {
            if (upstreams.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static int reselect(int found, int previous, int size) {
        return found >= 0 ? found : clamp(previous, size);
    }

    private static int clamp(int index, int size) {
        return Math.max(0, Math.min(index, size - 1));
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static String fit(String text, int width) {
        return text.length() <= width ? text : text.substring(0, Math.max(0, width - 1)) + "…";
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /**
     * The gutter between the columns as a grid of cells, each remembering which of its four sides a wire
     * leaves by; box-drawing characters are chosen from that at the end, so crossing and merging wires
     * join properly. Each route gets its own vertical lane.
     */
    static final class Wires {
        private static final int LEFT = 1;
        private static final int RIGHT = 2;
        private static final int UP = 4;
        private static final int DOWN = 8;
        private static final String LIGHT = " ───│┘└┴│┐┌┬│┤├┼";
        private static final String HEAVY = " ━━━┃┛┗┻┃┓┏┳┃┫┣╋";

        private final int[][] sides;
        private final boolean[][] heavy;
        private final boolean[] arrow;
        private final int width;

        Wires(int rows, int width) {
            this.width = width;
            this.sides = new int[rows][width];
            this.heavy = new boolean[rows][width];
            this.arrow = new boolean[rows];
        }

        void route(int from, int to, int lane, boolean bold) {
            int lanes = Math.max(1, width - 3);
            int x = 1 + (lane * 2) % lanes;
            mark(from, 0, LEFT, bold);
            for (int c = 0; c < x; c++) {
                join(from, c, from, c + 1, bold);
            }
            int step = to > from ? 1 : -1;
            for (int r = from; r != to; r += step) {
                join(r, x, r + step, x, bold);
            }
            for (int c = x; c < width - 1; c++) {
                join(to, c, to, c + 1, bold);
            }
            arrow[to] = true;
        }

        private void join(int r1, int c1, int r2, int c2, boolean bold) {
            if (r1 == r2) {
                mark(r1, Math.min(c1, c2), RIGHT, bold);
                mark(r1, Math.max(c1, c2), LEFT, bold);
            } else {
                mark(Math.min(r1, r2), c1, DOWN, bold);
                mark(Math.max(r1, r2), c1, UP, bold);
            }
        }

        private void mark(int r, int c, int side, boolean bold) {
            sides[r][c] |= side;
            heavy[r][c] |= bold;
        }

        String row(int r) {
            if (r >= sides.length) {
                return " ".repeat(width);
            }
            StringBuilder line = new StringBuilder(width);
            for (int c = 0; c < width - 1; c++) {
                line.append((heavy[r][c] ? HEAVY : LIGHT).charAt(sides[r][c]));
            }
            line.append(arrow[r] ? '▶' : ' ');
            return line.toString();
        }
    }
}
