package com.questportal.portal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A failure in a watcher's thread fails the test that started it, instead of vanishing with the thread. */
class WatchersTests {

    @Test
    void aFailedReadIsThrownWhenTheWatchersClose() {
        AtomicInteger calls = new AtomicInteger();

        assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> {
            try (Watchers watchers = Watchers.start(2, () -> {
                if (calls.incrementAndGet() > 3) {
                    assertThat(calls.get()).as("a read in a background thread").isZero();
                }
            })) {
                Thread.sleep(400);
            }
        }).withMessageContaining("of the watchers' reads failed").withMessageContaining("a read in a background thread");
    }

    @Test
    void readsThatPassCloseQuietlyAndAreCounted() throws InterruptedException {
        Watchers watchers = Watchers.start(3, () -> { });
        Thread.sleep(200);
        watchers.close();

        assertThat(watchers.reads()).isGreaterThanOrEqualTo(3);
    }
}
