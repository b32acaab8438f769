package dev.switchboard.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {

    private static SequencedFrame bytes(int n) {
        return SequencedFrame.message(new byte[n]);
    }

    private static List<Long> seqs(List<ReplayBuffer.Entry> entries) {
        return entries.stream().map(ReplayBuffer.Entry::seq).toList();
    }

    @Test
    void keepsAtMostMaxMessagesOldestOutFirst() {
        ReplayBuffer buffer = new ReplayBuffer(3, 1_000);
        for (long seq = 1; seq <= 5; seq++) {
            buffer.append(seq, bytes(10));
        }
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(buffer.bytes()).isEqualTo(30);
        assertThat(seqs(buffer.after(0))).containsExactly(3L, 4L, 5L);
        assertThat(buffer.holdsEverythingAfter(1)).isFalse();
        assertThat(buffer.holdsEverythingAfter(2)).isTrue();
        assertThat(seqs(buffer.after(3))).containsExactly(4L, 5L);
    }

    @Test
    void keepsAtMostMaxBytes() {
        ReplayBuffer buffer = new ReplayBuffer(100, 25);
        buffer.append(1, bytes(10));
        buffer.append(2, bytes(10));
        buffer.append(3, bytes(10));
        assertThat(buffer.bytes()).isEqualTo(20);
        assertThat(seqs(buffer.after(0))).containsExactly(2L, 3L);
        assertThat(buffer.holdsEverythingAfter(0)).isFalse();
        assertThat(buffer.holdsEverythingAfter(1)).isTrue();
    }

    @Test
    void aFrameLargerThanTheWholeBufferIsNotKeptAndCountsAsLost() {
        ReplayBuffer buffer = new ReplayBuffer(100, 25);
        buffer.append(1, bytes(10));
        buffer.append(2, bytes(30));
        assertThat(buffer.size()).isZero();
        assertThat(buffer.bytes()).isZero();
        assertThat(buffer.holdsEverythingAfter(1)).isFalse();
        assertThat(buffer.holdsEverythingAfter(2)).isTrue();
    }

    @Test
    void zeroCapacityHoldsNothingAndNeverClaimsRecovery() {
        ReplayBuffer buffer = new ReplayBuffer(0, 1_000);
        buffer.append(1, bytes(1));
        assertThat(buffer.size()).isZero();
        assertThat(buffer.holdsEverythingAfter(0)).isFalse();
    }

    @Test
    void acknowledgedFramesLeaveEarlyWithoutCountingAsLost() {
        ReplayBuffer buffer = new ReplayBuffer(100, 1_000);
        for (long seq = 1; seq <= 5; seq++) {
            buffer.append(seq, bytes(4));
        }
        buffer.ackThrough(3);
        assertThat(buffer.size()).isEqualTo(2);
        assertThat(buffer.bytes()).isEqualTo(8);
        assertThat(buffer.ackedThrough()).isEqualTo(3);
        assertThat(buffer.holdsEverythingAfter(3)).isTrue();
        assertThat(seqs(buffer.after(3))).containsExactly(4L, 5L);
        buffer.ackThrough(2);
        assertThat(buffer.ackedThrough()).as("acks never go backwards").isEqualTo(3);
    }

    @Test
    void clearEmptiesIt() {
        ReplayBuffer buffer = new ReplayBuffer(10, 100);
        buffer.append(1, bytes(5));
        buffer.clear();
        assertThat(buffer.size()).isZero();
        assertThat(buffer.bytes()).isZero();
    }
}
