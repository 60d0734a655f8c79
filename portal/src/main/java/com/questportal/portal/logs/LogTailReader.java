package com.questportal.portal.logs;

import com.questportal.portal.aws.AwsFailure;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LiveTailSessionLogEvent;

/**
 * One shared reader of a tail. Where AWS allows, CloudWatch pushes the tail's new lines through a StartLiveTail session; until
 * the session has begun, and for good once AWS refuses or ends it, the reader polls instead. Each poll asks FilterLogEvents for
 * everything since the newest time it has seen, less the overlap window, and passes on only the lines it has not passed on
 * before: CloudWatch delivers some events late, with an older time, and the overlap catches them once. Lines are named alike
 * whichever way they came ({@link LogLine#tailId}), so the poll that covers a session's start, or a fallback's first poll, never
 * shows a line twice. The reader keeps the last lines it passed on, so that a browser that reconnects gets exactly the ones it
 * missed.
 */
final class LogTailReader implements LiveTailSession.Listener {

    /** How the reader asks CloudWatch for a time range. */
    interface Fetch {
        List<FilteredLogEvent> read(LogTails.Key key, long startTime, long endTime);
    }

    /** How the reader asks CloudWatch for a live tail session. */
    interface Push {
        LiveTailSession open(LogTails.Key key, LiveTailSession.Listener listener);
    }

    private enum Mode { POLLING, STARTING_LIVE, LIVE }

    /** CloudWatch sends a live session an update every second, empty or not: a longer silence means the tail is behind. */
    private static final long LIVE_SILENCE_MILLIS = 5_000;

    private final LogTails.Key key;
    private final SecretWordMask.Mask mask;
    private final Fetch fetch;
    private final Clock clock;
    private final LogTails.Settings settings;
    private final List<LogTailFollower> followers = new CopyOnWriteArrayList<>();
    private final AtomicInteger joining = new AtomicInteger();
    /** Names of the lines passed on, with their times; those older than the overlap window are forgotten. */
    private final Map<String, Long> seen = new HashMap<>();
    /** How many lines just alike a live session has pushed, by their common name: the next one is the n-th. */
    private final Map<String, Integer> pushedAlike = new HashMap<>();
    private final ArrayDeque<LogLine> kept = new ArrayDeque<>();
    private long newest;
    private long lastRead;
    private long nextPoll;
    private int backoff = 1;
    private String problem;
    private Mode mode = Mode.POLLING;
    /** A session has begun: one more poll reads what was ingested before it, and then polling stops. */
    private boolean catchUpDue;
    private LiveTailSession session;
    /** Why the tail polls although it asked for a live session. */
    private String pollingBecause;
    private boolean sampled;
    private boolean stopped;
    private LogTails.TailStatus status = new LogTails.TailStatus("polling", 0, null, null);

    LogTailReader(LogTails.Key key, SecretWordMask.Mask mask, Fetch fetch, Clock clock, LogTails.Settings settings) {
        this.key = key;
        this.mask = mask;
        this.fetch = fetch;
        this.clock = clock;
        this.settings = settings;
        this.newest = clock.millis() - settings.backlog().toMillis();
    }

    /**
     * Asks CloudWatch to push the tail's lines; the reader polls until the session begins, and for good if it never does. The
     * asking is not done under the reader's lock, so that polls go on meanwhile.
     */
    void goLive(Push push) {
        synchronized (this) {
            mode = Mode.STARTING_LIVE;
        }
        LiveTailSession opened;
        try {
            opened = push.open(key, this);
        } catch (SdkException e) {
            ended(LiveTailSession.why(e));
            return;
        }
        synchronized (this) {
            if (stopped || mode == Mode.POLLING) {
                opened.close();
            } else {
                session = opened;
            }
        }
    }

    /** Reads what is new and passes it on; the first poll only fills what the reader keeps. */
    synchronized void poll() {
        long now = clock.millis();
        take(polled(fetch.read(key, Math.max(0, newest - settings.overlap().toMillis()), Long.MAX_VALUE), mask), now);
        lastRead = now;
        backoff = 1;
        problem = null;
        updateStatus(now);
    }

    /**
     * The lines of one FilterLogEvents read, named as a tail names them: of lines just alike, the first in the read is the 0th,
     * the next the 1st, and so on (alike lines share a time, so a read holds all of them or none).
     */
    static List<LogLine> polled(List<FilteredLogEvent> events, SecretWordMask.Mask mask) {
        Map<String, Integer> alike = new HashMap<>();
        List<LogLine> lines = new ArrayList<>(events.size());
        for (FilteredLogEvent event : events) {
            lines.add(nextAlike(alike, event.timestamp(), event.logStreamName(), event.message(), mask));
        }
        return lines;
    }

    /** A tail line, named as the next of the lines just like it that {@code alike} counts. */
    private static LogLine nextAlike(Map<String, Integer> alike, long timestamp, String stream, String message,
                                     SecretWordMask.Mask mask) {
        String name = LogLine.tailId(timestamp, stream, message);
        int n = alike.merge(name, 1, Integer::sum) - 1;
        return LogLine.of(LogLine.nth(name, n), timestamp, stream, message, mask);
    }

    /** Polls when due; a failure backs the reader off (doubling while AWS throttles) and tells its followers. */
    synchronized void pollIfDue(long now, long interval) {
        if (now < nextPoll || mode == Mode.LIVE && !catchUpDue) {
            updateStatus(now);
            return;
        }
        try {
            poll();
            catchUpDue = false;
        } catch (SdkException e) {
            AwsFailure failure = AwsFailure.of(e, "logs:FilterLogEvents");
            backoff = failure.kind() == AwsFailure.Kind.THROTTLED ? Math.min(backoff * 2, 16) : Math.max(backoff, 4);
            problem = failure.kind() == AwsFailure.Kind.THROTTLED ? "AWS is throttling FilterLogEvents (shared with the console and "
                    + "CI); the tail reads more slowly until it stops." : failure.message();
            updateStatus(now);
        }
        nextPoll = now + interval * backoff;
    }

    @Override
    public synchronized void started() {
        if (mode == Mode.STARTING_LIVE) {
            mode = Mode.LIVE;
            catchUpDue = true;
            nextPoll = 0;
            lastRead = clock.millis();
            updateStatus(lastRead);
        }
    }

    @Override
    public synchronized void pushed(List<LiveTailSessionLogEvent> events, boolean sampled) {
        long now = clock.millis();
        List<LogLine> lines = new ArrayList<>(events.size());
        for (LiveTailSessionLogEvent event : events) {
            // A session pushes each event once: the n-th alike it pushes is the n-th alike, as a poll would name it.
            lines.add(nextAlike(pushedAlike, event.timestamp(), event.logStreamName(), event.message(), mask));
        }
        take(lines, now);
        this.sampled = sampled;
        lastRead = now;
        problem = null;
        updateStatus(now);
    }

    @Override
    public synchronized void ended(String why) {
        session = null;
        mode = Mode.POLLING;
        catchUpDue = false;
        nextPoll = 0;
        pollingBecause = why + " This tail polls FilterLogEvents instead: each line arrives a second or so after it is written.";
        updateStatus(clock.millis());
    }

    /** The last follower left: the live session, if any, ends. */
    synchronized void stop() {
        stopped = true;
        if (session != null) {
            session.close();
            session = null;
        }
    }

    /** Passes on the lines not passed on before, in time order, and keeps them for reconnects. */
    private void take(List<LogLine> lines, long now) {
        List<LogLine> fresh = new ArrayList<>();
        for (LogLine line : lines) {
            if (seen.putIfAbsent(line.id(), line.timestamp()) == null) {
                fresh.add(line);
            }
        }
        fresh.sort(LogLine.BY_TIME);
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
        pushedAlike.keySet().removeIf(name -> LogLine.timeOf(name) < forgetBefore);
        if (!fresh.isEmpty()) {
            followers.forEach(follower -> follower.deliver(fresh));
        }
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

    /**
     * Behind: no successful read for more than two poll intervals, or a live session silent for five seconds. Followers hear of
     * a change only.
     */
    private void updateStatus(long now) {
        boolean live = mode == Mode.LIVE;
        long quiet = now - lastRead;
        long behind = quiet > (live ? LIVE_SILENCE_MILLIS : 2 * settings.pollInterval().toMillis()) ? quiet / 1000 : 0;
        String note = pollingBecause;
        if (live) {
            note = sampled ? "More than 500 lines a second match: CloudWatch sends a sample of them. Narrow the filter to see "
                    + "every line." : null;
        }
        LogTails.TailStatus next = new LogTails.TailStatus(live ? "live" : "polling", behind, problem, note);
        if (!Objects.equals(next, status)) {
            status = next;
            followers.forEach(follower -> follower.status(next));
        }
    }
}
