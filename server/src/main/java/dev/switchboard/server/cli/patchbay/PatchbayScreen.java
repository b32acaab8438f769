package dev.switchboard.server.cli.patchbay;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * The thin JLine view of a {@link PatchbayModel}: raw mode on the alternate screen, keys mapped to
 * {@link PatchbayKey}, the model's lines drawn with {@link Display} (which rewrites only what changed), the
 * daemon asked again every {@code refreshEvery}. One thread does it all, so the model needs no locks; a
 * key is waited for at most 100 ms at a time so the refresh and Ctrl-C are never stuck behind it. The
 * terminal is given back as it was on q, Ctrl-C, end of input, an error, or JVM shutdown.
 */
public final class PatchbayScreen {

    /** What the screen needs from the daemon. Failures are thrown; their message is shown and it carries on. */
    public interface Backend {
        PatchbaySnapshot list();

        /** Performs the action and says what happened, in words for the message line. */
        String perform(PatchbayAction action);
    }

    private static final long KEY_WAIT_MS = 100;
    private static final String NO_KEY = "";

    private final Terminal terminal;
    private final Backend backend;
    private final Duration refreshEvery;
    private final PatchbayModel model = new PatchbayModel();
    private volatile boolean interrupted;
    private volatile boolean resized;

    public PatchbayScreen(Terminal terminal, Backend backend, Duration refreshEvery) {
        this.terminal = terminal;
        this.backend = backend;
        this.refreshEvery = refreshEvery;
    }

    /** Runs until q, Ctrl-C or end of input; answers the exit status (0). */
    public int run() throws IOException {
        Attributes saved = terminal.enterRawMode();
        AtomicBoolean restored = new AtomicBoolean();
        Runnable restore = () -> {
            if (restored.compareAndSet(false, true)) {
                terminal.puts(Capability.cursor_visible);
                terminal.puts(Capability.keypad_local);
                terminal.puts(Capability.exit_ca_mode);
                terminal.flush();
                terminal.setAttributes(saved);
            }
        };
        // a kill (SIGTERM) or System.exit elsewhere must not leave the shell in raw mode
        Thread onShutdown = new Thread(restore, "sb-patchbay-restore");
        Runtime.getRuntime().addShutdownHook(onShutdown);
        Terminal.SignalHandler previousInt = terminal.handle(Terminal.Signal.INT, signal -> interrupted = true);
        Terminal.SignalHandler previousWinch = terminal.handle(Terminal.Signal.WINCH, signal -> resized = true);
        try {
            terminal.puts(Capability.enter_ca_mode);
            terminal.puts(Capability.keypad_xmit);
            terminal.puts(Capability.cursor_invisible);
            terminal.flush();
            loop();
        } finally {
            restore.run();
            terminal.handle(Terminal.Signal.INT, previousInt);
            terminal.handle(Terminal.Signal.WINCH, previousWinch);
            try {
                Runtime.getRuntime().removeShutdownHook(onShutdown);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: the terminal is restored either way
            }
        }
        return 0;
    }

    private void loop() {
        Display display = new Display(terminal, true);
        BindingReader reader = new BindingReader(terminal.reader());
        KeyMap<String> keys = keys(terminal);
        Size size = size();
        display.clear();
        display.resize(size.getRows(), size.getColumns());
        long nextRefresh = System.nanoTime();
        boolean redraw = true;
        while (!model.quitRequested() && !interrupted) {
            if (System.nanoTime() - nextRefresh >= 0) {
                refresh();
                nextRefresh = System.nanoTime() + refreshEvery.toNanos();
                redraw = true;
            }
            if (resized) {
                resized = false;
                size = size();
                display.clear();
                display.resize(size.getRows(), size.getColumns());
                redraw = true;
            }
            if (redraw) {
                display.update(styled(model.render(size.getColumns(), size.getRows())), size.cursorPos(0, 0));
                terminal.flush();
                redraw = false;
            }
            int next = reader.peekCharacter(KEY_WAIT_MS);
            if (next == NonBlockingReader.READ_EXPIRED) {
                continue;
            }
            if (next == NonBlockingReader.EOF) {
                return;
            }
            String bound = reader.readBinding(keys, null, true);
            if (bound == null) {
                return;
            }
            if (!bound.equals(NO_KEY)) {
                PatchbayKey key = PatchbayKey.valueOf(bound);
                model.press(key).ifPresent(action -> {
                    perform(action);
                    refresh();
                });
                redraw = true;
            }
        }
    }

    private void refresh() {
        try {
            model.update(backend.list());
        } catch (RuntimeException e) {
            model.report("cannot list cables: " + e.getMessage());
        }
    }

    private void perform(PatchbayAction action) {
        try {
            model.report(backend.perform(action));
        } catch (RuntimeException e) {
            model.report(e.getMessage());
        }
    }

    private Size size() {
        Size size = terminal.getSize();
        return size == null || size.getRows() <= 0 || size.getColumns() <= 0 ? new Size(80, 24) : size;
    }

    /**
     * Title bold, the three bottom lines (detail, message, help) set apart, and the focused selection in
     * reverse video (the model marks it with ▸ on a client, ◂ on an upstream); the rest as the model drew it.
     */
    static List<AttributedString> styled(List<String> lines) {
        List<AttributedString> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            AttributedStyle style = AttributedStyle.DEFAULT;
            if (i == 0) {
                style = style.bold();
            } else if (i == lines.size() - 2) {
                style = style.foreground(AttributedStyle.YELLOW);
            } else if (i == lines.size() - 1) {
                style = style.faint();
            } else if (i == lines.size() - 3) {
                style = style.foreground(AttributedStyle.CYAN);
            } else {
                out.add(highlighted(line));
                continue;
            }
            out.add(new AttributedString(line, style));
        }
        return out;
    }

    private static AttributedString highlighted(String line) {
        int start = -1;
        int end = line.length();
        if (line.startsWith("▸ ")) {
            start = 0;
            int wire = firstOf(line, " ─", " ━");
            end = wire < 0 ? line.length() : wire;
        } else if (line.contains(" ◂ ")) {
            start = line.indexOf(" ◂ ") + 1;
        }
        if (start < 0) {
            return new AttributedString(line);
        }
        AttributedStringBuilder builder = new AttributedStringBuilder();
        builder.append(line.substring(0, start));
        builder.style(AttributedStyle.DEFAULT.inverse()).append(line.substring(start, end));
        builder.style(AttributedStyle.DEFAULT).append(line.substring(end));
        return builder.toAttributedString();
    }

    private static int firstOf(String line, String... needles) {
        int first = -1;
        for (String needle : needles) {
            int at = line.indexOf(needle);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    static KeyMap<String> keys(Terminal terminal) {
        KeyMap<String> keys = new KeyMap<>();
        bind(keys, PatchbayKey.UP, KeyMap.key(terminal, Capability.key_up), "\033[A", "\033OA", "k");
        bind(keys, PatchbayKey.DOWN, KeyMap.key(terminal, Capability.key_down), "\033[B", "\033OB", "j");
        bind(keys, PatchbayKey.RIGHT, KeyMap.key(terminal, Capability.key_right), "\033[C", "\033OC", "l");
        bind(keys, PatchbayKey.LEFT, KeyMap.key(terminal, Capability.key_left), "\033[D", "\033OD", "h");
        bind(keys, PatchbayKey.TAB, "\t");
        bind(keys, PatchbayKey.PLUG, " ", "\r", "\n");
        bind(keys, PatchbayKey.NEXT_CLIENT, "n");
        bind(keys, PatchbayKey.DISCONNECT, "d");
        bind(keys, PatchbayKey.DROP, "\033");
        // Ctrl-C arrives as a character when the terminal does not turn it into SIGINT
        bind(keys, PatchbayKey.QUIT, "q", "Q", "\003");
        keys.setNomatch(NO_KEY);
        keys.setUnicode(NO_KEY);
        keys.setAmbiguousTimeout(150);
        return keys;
    }

    private static void bind(KeyMap<String> keys, PatchbayKey key, String... sequences) {
        for (String sequence : sequences) {
            if (sequence != null && !sequence.isEmpty()) {
                keys.bind(key.name(), sequence);
            }
        }
    }
}
