package dev.switchboard.server.cli.patchbay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

class PatchbayScreenTest {

    private static boolean inverse(AttributedString line, int index) {
        return line.styleAt(index).equals(AttributedStyle.DEFAULT.inverse());
    }

    @Test
    void theFocusedSelectionIsInReverseVideoAndOnlyIt() {
        List<AttributedString> styled = PatchbayScreen.styled(List.of(
                "Switchboard patchbay · 1 client · 1 upstream · 0 cables",
                "CLIENTS      UPSTREAMS",
                "▸ c-1 app [cookie] ───┐",
                "                      └──▶ ◂ ● u-1 web 127.0.0.1:5173",
                "  c-2 app [cookie] ───┘",
                "detail", "message", "help"));

        AttributedString client = styled.get(2);
        assertThat(inverse(client, 0)).isTrue();
        assertThat(inverse(client, "▸ c-1 app [cookie]".length() - 1)).isTrue();
        assertThat(inverse(client, client.length() - 1)).isFalse(); // the wire stays plain
        AttributedString upstream = styled.get(3);
        assertThat(inverse(upstream, upstream.toString().indexOf('◂'))).isTrue();
        assertThat(inverse(upstream, upstream.toString().indexOf('▶'))).isFalse();
        assertThat(inverse(styled.get(4), 2)).isFalse();
        assertThat(styled).extracting(AttributedString::toString).containsExactly(
                "Switchboard patchbay · 1 client · 1 upstream · 0 cables",
                "CLIENTS      UPSTREAMS",
                "▸ c-1 app [cookie] ───┐",
                "                      └──▶ ◂ ● u-1 web 127.0.0.1:5173",
                "  c-2 app [cookie] ───┘",
                "detail", "message", "help");
    }
}
