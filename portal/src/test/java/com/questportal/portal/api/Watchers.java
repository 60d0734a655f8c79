package com.questportal.portal.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * People keeping a page or an API resource open: each a thread that reads it every {@value #PAUSE_MILLIS} ms until
 * closed. A read that fails (an assertion included) stops that person and is thrown again by {@link #close}, so
 * that a failure in a background thread fails the test instead of vanishing with the thread.
 */
public final class Watchers implements AutoCloseable {

    private static final long PAUSE_MILLIS = 50;

    private final AtomicBoolean watching = new AtomicBoolean(true);
    private final AtomicLong reads = new AtomicLong();
    private final List<Thread> people = new ArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    private Watchers() {
    }

    /** {@code count} people, each reading with {@code read} over and over. */
    public static Watchers start(int count, Runnable read) {
        Watchers watchers = new Watchers();
        for (int person = 0; person < count; person++) {
            Thread thread = new Thread(() -> {
                while (watchers.watching.get()) {
                    try {
                        read.run();
                    } catch (Throwable failed) {
                        watchers.failures.add(failed);
                        return;
                    }
                    watchers.reads.incrementAndGet();
                    try {
                        Thread.sleep(PAUSE_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "watcher-" + person);
            thread.setDaemon(true);
            watchers.people.add(thread);
            thread.start();
        }
        return watchers;
    }

    /** How many reads the people have made so far. */
    public long reads() {
        return reads.get();
    }

    @Override
    public void close() throws InterruptedException {
        watching.set(false);
        for (Thread person : people) {
            person.join(10_000);
        }
        if (!failures.isEmpty()) {
            AssertionError failed = new AssertionError(failures.size() + " of the watchers' reads failed; the first: "
                    + failures.get(0), failures.get(0));
            failures.stream().skip(1).forEach(failed::addSuppressed);
            throw failed;
        }
    }
}
