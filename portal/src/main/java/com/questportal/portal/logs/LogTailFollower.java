package com.questportal.portal.logs;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One browser (or script) following a tail. The reader only puts lines in its bounded queue; the follower's own task writes
 * them out, so a slow reader of the stream holds up nobody else. When the queue overflows the follower is dropped, told why.
 */
final class LogTailFollower {

    private static final Object KEEP_ALIVE = new Object();

    private final LogTails.Sink sink;
    private final BlockingQueue<Object> queue;
    private final Executor sender;
    private final LogTailReader reader;
    private final AtomicBoolean sending = new AtomicBoolean();
    /** Lines a reconnect's catch-up already sent, which the reader may pass on again once. */
    private final Set<String> alreadySent = new HashSet<>();
    private final int capacity;
    private volatile boolean over;

    LogTailFollower(LogTails.Sink sink, int capacity, Executor sender, LogTailReader reader) {
        this.sink = sink;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity + 2);
        this.sender = sender;
        this.reader = reader;
    }

    /** The first lines: context for a new follower, or what a reconnecting one missed (remembered, so none comes twice). */
    synchronized void start(List<LogLine> first, boolean resumed) {
        if (resumed) {
            first.forEach(line -> alreadySent.add(line.id()));
        }
        enqueue(first.subList(Math.max(0, first.size() - capacity), first.size()));
        queue.offer(reader.status());
        send();
    }

    synchronized void deliver(List<LogLine> lines) {
        enqueue(lines.stream().filter(line -> !alreadySent.remove(line.id())).toList());
        send();
    }

    synchronized void status(LogTails.TailStatus status) {
        if (!over) {
            queue.offer(status);
            send();
        }
    }

    synchronized void keepAlive() {
        if (!over && queue.isEmpty()) {
            queue.offer(KEEP_ALIVE);
            send();
        }
    }

    /** Stops following: the browser left, or the stream failed. */
    void stop() {
        over = true;
        reader.remove(this);
    }

    private void enqueue(List<LogLine> lines) {
        if (over) {
            return;
        }
        for (LogLine line : lines) {
            if (queue.size() >= capacity) {
                // Dropped rather than waited for: the reader and everyone else go on at their pace.
                queue.clear();
                over = true;
                reader.remove(this);
                queue.offer(new Dropped());
                return;
            }
            queue.offer(line);
        }
    }

    private record Dropped() {
    }

    private void send() {
        if (sending.compareAndSet(false, true)) {
            sender.execute(this::drain);
        }
    }

    private void drain() {
        try {
            Object next;
            while ((next = queue.poll()) != null) {
                if (next instanceof LogLine line) {
                    sink.line(line);
                } else if (next instanceof LogTails.TailStatus status) {
                    sink.status(status);
                } else if (next instanceof Dropped) {
                    sink.close("This browser fell more than " + capacity + " lines behind the tail, so the portal stopped sending to "
                            + "it to keep the others on time. Reload the page to follow again.");
                    return;
                } else {
                    sink.keepAlive();
                }
            }
        } catch (IOException | IllegalStateException gone) {
            stop();
            return;
        } finally {
            sending.set(false);
        }
        if (!queue.isEmpty()) {
            send();
        }
    }
}
