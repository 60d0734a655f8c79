package com.questportal.portal.logs;

import com.questportal.portal.system.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * Live tails of log groups, shared: one {@link LogTailReader} per (log group, filter pattern, task) however many people follow
 * it. A reader asks CloudWatch Logs for a StartLiveTail session, which pushes the tail's lines; when AWS refuses one (15 per
 * account and region) or ends it, the reader reads FilterLogEvents from where it last was, less an overlap window for events
 * that arrive late, and its followers are told so. A reader stops, and its session ends, when its last follower leaves. Readers share the account's FilterLogEvents budget
 * ({@code portal.logs.filter-calls-per-second}, 5 — the lowest quota AWS gives), so each polls every second while few tails
 * are open and more slowly when many are; throttling backs a reader off and its followers are told how far behind it is.
 * Each follower has its own bounded queue, drained on its own thread: a slow browser is dropped with a message rather than
 * slowing the others.
 */
@Component
class LogTails implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LogTails.class);
    /** One tail: a log group, a filter pattern ("" for every line), and one task's stream or "" for every task's. */
    record Key(LogSource.Group group, String filter, String stream) {
    }

    /**
     * Where a tail stands, for its followers: "live" (CloudWatch pushes its lines) or "polling"; how far behind, and why, if it
     * is; and a note, such as why it polls although it asked to be live.
     */
    record TailStatus(String mode, long behindSeconds, String problem, String note) {
    }

    /** Where a follower's messages go (a browser's event stream). */
    interface Sink {

        void line(LogLine line) throws java.io.IOException;

        void status(TailStatus status) throws java.io.IOException;

        void keepAlive() throws java.io.IOException;

        /** The tail ends for this follower, with why. */
        void close(String why);
    }

    private final LogSource source;
    private final Clock clock;
    private final Settings settings;
    private final Map<Key, LogTailReader> readers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("log-tail-poll"));
    private final ExecutorService senders = Executors.newCachedThreadPool(DaemonThreads.named("log-tail-send"));
    /** Where live tail sessions are asked for, so that no follower waits on AWS for one. */
    private final ExecutorService sessions = Executors.newSingleThreadExecutor(DaemonThreads.named("log-tail-live"));
    private long lastKeepAlive;

    /**
     * The tails' settings, with the defaults the README gives. {@code keepAlive}: how often idle followers are written to, so
     * that a closed browser is noticed and its reader (and its live session, one of the account's 15) can stop.
     */
    record Settings(Duration pollInterval, Duration overlap, Duration backlog, int followerBuffer, int callsPerSecond, int kept,
                    boolean liveTail, Duration keepAlive) {
    }

    LogTails(LogSource source, @Value("${portal.logs.poll-interval:PT1S}") Duration pollInterval,
             @Value("${portal.logs.overlap:PT15S}") Duration overlap, @Value("${portal.logs.backlog:PT1M}") Duration backlog,
             @Value("${portal.logs.follower-buffer:2000}") int followerBuffer,
             @Value("${portal.logs.filter-calls-per-second:5}") int callsPerSecond,
             @Value("${portal.logs.live-tail:true}") boolean liveTail, @Value("${portal.logs.keep-alive:PT5S}") Duration keepAlive) {
        this.source = source;
        this.clock = Clock.systemUTC();
        this.settings = new Settings(pollInterval, overlap, backlog, followerBuffer, Math.max(1, callsPerSecond), 2_000, liveTail,
                keepAlive);
        poller.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    /**
     * Follows a tail from now (with the last lines it holds, for context), or from just after {@code after} (a line's id, as a
     * reconnecting browser sends it): exactly the lines since, none twice. An invalid filter pattern is refused in words.
     */
    LogTailFollower follow(LogSource.Logs logs, String filter, String task, String after, Sink sink) {
        Key key = new Key(logs.group(), filter == null ? "" : filter.trim(), LogSource.streamOf(task));
        if (after != null && !LogLine.isCursor(after)) {
            after = null;
        }
        LogTailReader reader = reader(key, logs);
        try {
            LogTailFollower follower = new LogTailFollower(sink, settings.followerBuffer(), senders, reader);
            synchronized (reader) {
                List<LogLine> first = after == null ? reader.recent(100) : reader.after(after);
                if (first == null) {
                    first = catchUp(key, logs.mask(), after);
                }
                follower.start(first, after != null);
                reader.add(follower);
            }
            return follower;
        } finally {
            reader.release();
        }
    }

    /** How many tails are being read now. */
    int readers() {
        return readers.size();
    }

    private LogTailReader reader(Key key, LogSource.Logs logs) {
        synchronized (readers) {
            LogTailReader existing = readers.get(key);
            if (existing != null) {
                existing.hold();
                return existing;
            }
            LogTailReader reader = new LogTailReader(key, logs.mask(), this::read, clock, settings);
            try {
                reader.poll();
            } catch (SdkException e) {
                throw LogsRefused.of(e, key.filter());
            }
            reader.hold();
            readers.put(key, reader);
            if (settings.liveTail()) {
                sessions.execute(() -> reader.goLive(source::liveTail));
            }
            return reader;
        }
    }

    /**
     * The lines after {@code after} up to now, for a browser that reconnects after the reader forgot them: of the lines of its
     * own millisecond, those after it in CloudWatch's order, or all but it when it is not among them (rather a line twice than
     * one lost).
     */
    private List<LogLine> catchUp(Key key, SecretWordMask.Mask mask, String after) {
        long time = LogLine.timeOf(after);
        List<LogLine> read;
        try {
            read = LogTailReader.polled(read(key, time, Long.MAX_VALUE), mask);
        } catch (SdkException e) {
            throw LogsRefused.of(e, key.filter());
        }
        int cursor = -1;
        for (int i = 0; i < read.size() && cursor < 0; i++) {
            cursor = read.get(i).id().equals(after) ? i : -1;
        }
        List<LogLine> lines = new ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
            LogLine line = read.get(i);
            if (line.timestamp() > time || line.timestamp() == time && i > cursor && !line.id().equals(after)) {
                lines.add(line);
            }
        }
        lines.sort(LogLine.BY_TIME);
        return lines;
    }

    /** Every event of the tail from {@code startTime} to {@code endTime} (exclusive), page after page, up to 10 pages. */
    List<FilteredLogEvent> read(Key key, long startTime, long endTime) {
        List<FilteredLogEvent> events = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            var response = source.filter(key.group(), key.filter(), key.stream(), startTime,
                    endTime == Long.MAX_VALUE ? null : endTime, token, null);
            events.addAll(response.events());
            token = response.nextToken();
        } while (token != null && ++pages < 10);
        return events;
    }

    /**
     * Polls each reader that is due, on one thread: every poll interval while the budget allows, more slowly when more tails
     * are open than it has calls for. A reader nobody follows any more stops here.
     */
    private void tick() {
        long now = clock.millis();
        long interval = Math.max(settings.pollInterval().toMillis(), readers.size() * 1000L / settings.callsPerSecond());
        boolean keepAlive = now - lastKeepAlive >= settings.keepAlive().toMillis();
        if (keepAlive) {
            lastKeepAlive = now;
        }
        for (Map.Entry<Key, LogTailReader> entry : readers.entrySet()) {
            LogTailReader reader = entry.getValue();
            synchronized (readers) {
                if (!reader.hasFollowers()) {
                    readers.remove(entry.getKey(), reader);
                    reader.stop();
                    continue;
                }
            }
            try {
                reader.pollIfDue(now, interval);
                if (keepAlive) {
                    reader.keepAlive();
                }
            } catch (RuntimeException e) {
                // One tail's failure must not stop the others; it is logged, and its followers were told.
                log.error("event=log_tail_failed group={} filter=\"{}\"", entry.getKey().group().name(), entry.getKey().filter(), e);
            }
        }
    }

    @Override
    public void destroy() {
        readers.values().forEach(LogTailReader::stop);
        sessions.shutdownNow();
        poller.shutdownNow();
        senders.shutdownNow();
    }
}
