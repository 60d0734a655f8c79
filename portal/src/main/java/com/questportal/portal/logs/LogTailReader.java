package com.questportal.portal.logs;

import com.questportal.portal.aws.AwsFailure;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * One shared reader of a tail. Each poll asks FilterLogEvents for everything since the newest time it has seen, less the
 * overlap window, and passes on only the events it has not passed on before (by event id): CloudWatch delivers some events
 * late, with an older time, and the overlap catches them once; an event is never shown twice. It keeps the last lines it
 * passed on, so that a browser that reconnects gets exactly the ones it missed.
 */
final class LogTailReader {

    /** How the reader asks CloudWatch for a time range. */
    interface Fetch {
        List<FilteredLogEvent> read(LogTails.Key key, long startTime, long endTime);
    }

    private final LogTails.Key key;
    private final SecretWordMask.Mask mask;
    private final Fetch fetch;
    private final Clock clock;
    private final LogTails.Settings settings;
    private final List<LogTailFollower> followers = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger joining = new java.util.concurrent.atomic.AtomicInteger();
    /** Event ids passed on, with their times; those older than the overlap window are forgotten. */
    private final Map<String, Long> seen = new HashMap<>();
    private final ArrayDeque<LogLine> kept = new ArrayDeque<>();
    private long newest;
    private long lastRead;
    private long nextPoll;
    private int backoff = 1;
    private String problem;
    private LogTails.TailStatus status = new LogTails.TailStatus("polling", 0, null);

    LogTailReader(LogTails.Key key, SecretWordMask.Mask mask, Fetch fetch, Clock clock, LogTails.Settings settings) {
        this.key = key;
        this.mask = mask;
        this.fetch = fetch;
        this.clock = clock;
        this.settings = settings;
        this.newest = clock.millis() - settings.backlog().toMillis();
    }

    /** Reads what is new and passes it on; the first poll only fills what the reader keeps. */
    synchronized void poll() {
        long now = clock.millis();
        List<LogLine> fresh = new ArrayList<>();
        for (FilteredLogEvent event : fetch.read(key, Math.max(0, newest - settings.overlap().toMillis()), Long.MAX_VALUE)) {
            if (seen.putIfAbsent(LogLine.idOf(event), event.timestamp()) == null) {
                fresh.add(LogLine.of(event, mask));
            }
        }
        fresh.sort(LogLine.ORDER);
        for (LogLine line : fresh) {
            // Never past now: a writer whose clock runs ahead must not make the window skip what others write meanwhile.
            newest = Math.min(now, Math.max(newest, line.timestamp()));
            kept.addLast(line);
        }
        while (kept.size() > settings.kept()) {
            kept.removeFirst();
        }
        long forgetBefore = newest - settings.overlap().toMillis() - 1_000;
        seen.values().removeIf(time -> time < forgetBefore);
        lastRead = now;
        backoff = 1;
        problem = null;
        if (!fresh.isEmpty()) {
            followers.forEach(follower -> follower.deliver(fresh));
        }
        updateStatus(now);
    }

    /** Polls when due; a failure backs the reader off (doubling while AWS throttles) and tells its followers. */
    synchronized void pollIfDue(long now, long interval) {
        if (now < nextPoll) {
            updateStatus(now);
            return;
        }
        try {
            poll();
        } catch (SdkException e) {
            AwsFailure failure = AwsFailure.of(e, "logs:FilterLogEvents");
            backoff = failure.kind() == AwsFailure.Kind.THROTTLED ? Math.min(backoff * 2, 16) : Math.max(backoff, 4);
            problem = failure.kind() == AwsFailure.Kind.THROTTLED ? "AWS is throttling FilterLogEvents (shared with the console and "
                    + "CI); the tail reads more slowly until it stops." : failure.message();
            updateStatus(now);
        }
        nextPoll = now + interval * backoff;
    }

    /** The last {@code count} lines passed on, oldest first. */
    synchronized List<LogLine> recent(int count) {
        List<LogLine> all = new ArrayList<>(kept);
        return List.copyOf(all.subList(Math.max(0, all.size() - count), all.size()));
    }

    /** The lines passed on after the one {@code cursor} names, or null when the reader no longer holds that line. */
    synchronized List<LogLine> after(String cursor) {
        List<LogLine> all = new ArrayList<>(kept);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).id().equals(cursor)) {
                return List.copyOf(all.subList(i + 1, all.size()));
            }
        }
        return null;
    }

    synchronized LogTails.TailStatus status() {
        return status;
    }

    void add(LogTailFollower follower) {
        followers.add(follower);
    }

    void remove(LogTailFollower follower) {
        followers.remove(follower);
    }

    /** A follower is joining: the reader must not stop before it has. */
    void hold() {
        joining.incrementAndGet();
    }

    void release() {
        joining.decrementAndGet();
    }

    boolean hasFollowers() {
        return !followers.isEmpty() || joining.get() > 0;
    }

    void keepAlive() {
        followers.forEach(LogTailFollower::keepAlive);
    }

    /** Behind: no successful read for more than two poll intervals. Followers hear of a change only. */
    private void updateStatus(long now) {
        long behind = now - lastRead > 2 * settings.pollInterval().toMillis() ? (now - lastRead) / 1000 : 0;
        LogTails.TailStatus next = new LogTails.TailStatus("polling", behind, problem);
        if (!Objects.equals(next, status)) {
            status = next;
            followers.forEach(follower -> follower.status(next));
        }
    }
}
