package dev.switchboard.core.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AppStateTest {

    @Test
    void transitionsFollowTheLifecycle() {
        assertThat(AppState.LOADING.canMoveTo(AppState.CONNECTING)).isTrue();
        assertThat(AppState.CONNECTING.canMoveTo(AppState.CONNECTED)).isTrue();
        assertThat(AppState.CONNECTED.canMoveTo(AppState.DISCONNECTED)).isTrue();
        assertThat(AppState.DISCONNECTED.canMoveTo(AppState.LOADING)).isTrue();
        assertThat(AppState.CONNECTED.canMoveTo(AppState.LOADING)).isFalse();
        assertThat(AppState.CONNECTED.canMoveTo(AppState.CONNECTING)).isFalse();
        for (AppState next : AppState.values()) {
            assertThat(AppState.ERROR.canMoveTo(next)).isFalse();
        }
    }
}
