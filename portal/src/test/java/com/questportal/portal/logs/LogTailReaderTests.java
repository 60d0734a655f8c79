package com.questportal.portal.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.questportal.portal.aws.AwsClients;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LimitExceededException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LiveTailSessionLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.SessionTimeoutException;

/**
 * The shared reader's window: late events once, nothing twice, resuming after a line, backing off when throttled; a live
 * session's lines, and polling again when it is refused or ends.
 */
class LogTailReaderTests {

    private static final long NOW = Instant.parse("2026-11-30T03:00:00Z").toEpochMilli();
    private static final LogTails.Settings SETTINGS = new LogTails.Settings(Duration.ofSeconds(1), Duration.ofSeconds(15),
            Duration.ofMinutes(1), 100, 5, 2_000, true, Duration.ofSeconds(5));
    private static final LogTails.Key KEY = new LogTails.Key(new LogSource.Group(new AwsClients.Target("eu-west-1", null), "g"), "", "");

    /** CloudWatch as the reader sees it: the events written so far, answered for a start time. */
    private final List<FilteredLogEvent> written = new ArrayList<>();
    private final List<Long> asked = new ArrayList<>();
    private RuntimeException failure;

    private final LogTailReader.Fetch fetch = (key, start, end) -> {
        asked.add(start);
        if (failure != null) {
            throw failure;
        }
        return written.stream().filter(event -> event.timestamp() >= start).toList();
    };

    @Test
    void aLateEventInsideTheOverlapIsPassedOnOnceAndNothingIsPassedOnTwice() {
        LogTailReader reader = new LogTailReader(KEY, SecretWordMask.Mask.NONE, fetch, clock(NOW), SETTINGS);
        List<String> received = follow(reader);
        reader.poll();
        event(NOW - 1_000, "1", "first");
        reader.poll();
        event(NOW - 6_000, "2", "late: written after, five seconds older");
        reader.poll();
        reader.poll();
        assertThat(received).containsExactly("first", "late: written after, five seconds older");
        assertThat(asked.get(asked.size() - 1)).as("the window starts the overlap before the newest time seen").isEqualTo(NOW - 1_000 - 15_000);
    }

    @Test
    void aWriterWhoseClockRunsAheadDoesNotMakeTheWindowSkipOthers() {
        LogTailReader reader = new LogTailReader(KEY, SecretWordMask.Mask.NONE, fetch, clock(NOW), SETTINGS);
        event(NOW + 600_000, "1", "from the future");
        reader.poll();
        reader.poll();
        assertThat(asked.get(asked.size() - 1)).isEqualTo(NOW - 15_000);
    }

    @Test
    void aReconnectGetsTheLinesAfterItsLastOneWhileTheReaderHoldsThem() {
        LogTailReader reader = new LogTailReader(KEY, SecretWordMask.Mask.NONE, fetch, clock(NOW), SETTINGS);
        event(NOW - 3_000, "1", "a");
        event(NOW - 2_000, "2", "b");
        event(NOW - 1_000, "3", "c");
        reader.poll();
        assertThat(reader.after(reader.recent(3).get(0).id())).extracting(LogLine::message).containsExactly("b", "c");
        assertThat(reader.after(LogLine.tailId(NOW - 9_000, "quest/quest/abc", "gone"))).as("a line the reader does not hold: the caller catches up from CloudWatch").isNull();
        assertThat(reader.recent(2)).extracting(LogLine::message).containsExactly("b", "c");
    }

    @Test
    void throttlingBacksOffAndTheFollowersAreToldHowFarBehind() {
        long[] now = {NOW};
        LogTailReader reader = new LogTailReader(KEY, SecretWordMask.Mask.NONE, fetch, moving(now), SETTINGS);
        List<LogTails.TailStatus> statuses = new ArrayList<>();
        follow(reader, statuses);
        reader.poll();
        failure = CloudWatchLogsException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").errorMessage("Rate exceeded").build()).build();
        now[0] += 1_000;
        reader.pollIfDue(now[0], 1_000);
        now[0] += 1_500;
        reader.pollIfDue(now[0], 1_000);
        assertThat(asked).as("the second try waits twice the interval").hasSize(2);
        now[0] += 1_000;
        reader.pollIfDue(now[0], 1_000);
        assertThat(statuses.get(statuses.size() - 1).behindSeconds()).isEqualTo(3);
        assertThat(statuses.get(statuses.size() - 1).problem()).contains("throttling");
        assertThat(asked).as("a third try that failed too: it waits four times the interval now").hasSize(3);
        failure = null;
        now[0] += 2_000;
        reader.pollIfDue(now[0], 1_000);
        assertThat(asked).hasSize(3);
        now[0] += 2_000;
        reader.pollIfDue(now[0], 1_000);
        assertThat(statuses.get(statuses.size() - 1)).isEqualTo(new LogTails.TailStatus("polling", 0, null, null));
    }

    @Test
    void aLiveSessionPushesTheLinesAndThePollThatCoversItsStartShowsNoneTwiceThenPollingStops() {
        long[] now = {NOW};
        LogTailReader reader = new LogTailReader(KEY, SecretWordMask.Mask.NONE, fetch, moving(now), SETTINGS);
        List<String> received = follow(reader);
        reader.poll();
        List<LiveTailSession.Listener> sessions = goLive(reader);
        event(NOW, "1", "before the session began");
        now[0] += 1_000;
        reader.pollIfDue(now[0], 1_000);
        assertThat(reader.status().mode()).as("polling until CloudWatch says the session began").isEqualTo("polling");

        sessions.get(0).started();
        event(NOW + 1_100, "2", "ingested after it began");
        sessions.get(0).pushed(List.of(pushed(NOW + 1_100, "ingested after it began")), false);
        now[0] += 1_000;
        reader.pollIfDue(now[0], 1_000);
        assertThat(asked).as("one poll covers what was ingested before the session began").hasSize(3);
        now[0] += 5_000;
        sessions.get(0).pushed(List.of(), false);
        reader.pollIfDue(now[0], 1_000);
        assertThat(asked).as("then the session alone brings lines").hasSize(3);

        sessions.get(0).pushed(List.of(pushed(NOW + 7_000, "same"), pushed(NOW + 7_000, "same")), false);
        assertThat(received).containsExactly("before the session began", "ingested after it began", "same", "same");
        assertThat(reader.status()).isEqualTo(new LogTails.TailStatus("live", 0, null, null));
        sessions.get(0).pushed(List.of(), true);
        assertThat(reader.status().note()).contains("sample");
    }

    @Test
    void whenAwsRefusesOrEndsTheSessionTheReaderPollsFromWhereItWasAndSaysWhy() {
        long[] now = {NOW};
        LogTailReader reader = new LogTailReader(KEY, SecretWordMask.Mask.NONE, fetch, moving(now), SETTINGS);
        List<String> received = follow(reader);
        reader.poll();
        List<LiveTailSession.Listener> sessions = goLive(reader);
        sessions.get(0).started();
        event(NOW + 500, "1", "pushed, then polled again after the session ended");
        sessions.get(0).pushed(List.of(pushed(NOW + 500, "pushed, then polled again after the session ended")), false);
        sessions.get(0).ended(LiveTailSession.why(SessionTimeoutException.builder().message("Session timed out").build()));
        event(NOW + 800, "2", "after the session ended");
        now[0] += 1_000;
        reader.pollIfDue(now[0], 1_000);
        assertThat(received).containsExactly("pushed, then polled again after the session ended", "after the session ended");
        assertThat(reader.status().mode()).isEqualTo("polling");
        assertThat(reader.status().note()).contains("three-hour limit").contains("polls FilterLogEvents instead");

        LogTailReader refused = new LogTailReader(KEY, SecretWordMask.Mask.NONE, fetch, moving(now), SETTINGS);
        refused.goLive((key, listener) -> {
            throw LimitExceededException.builder().message("limit").build();
        });
        assertThat(refused.status().mode()).isEqualTo("polling");
        assertThat(refused.status().note()).contains("15 live tail sessions");
    }

    /** Asks the reader to go live; the session CloudWatch would run is the test's to drive. */
    private static List<LiveTailSession.Listener> goLive(LogTailReader reader) {
        List<LiveTailSession.Listener> sessions = new ArrayList<>();
        reader.goLive((key, listener) -> {
            sessions.add(listener);
            return new LiveTailSession(listener);
        });
        return sessions;
    }

    private static LiveTailSessionLogEvent pushed(long timestamp, String message) {
        return LiveTailSessionLogEvent.builder().timestamp(timestamp).logStreamName("quest/quest/abc").message(message).build();
    }

    private static Clock moving(long[] now) {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now[0]);
            }
        };
    }

    private List<String> follow(LogTailReader reader) {
        return follow(reader, new ArrayList<>());
    }

    private List<String> follow(LogTailReader reader, List<LogTails.TailStatus> statuses) {
        List<String> received = new ArrayList<>();
        Executor now = Runnable::run;
        LogTailFollower follower = new LogTailFollower(new LogTails.Sink() {
            @Override
            public void line(LogLine line) {
                received.add(line.message());
            }

            @Override
            public void status(LogTails.TailStatus status) {
                statuses.add(status);
            }

            @Override
            public void keepAlive() {
            }

            @Override
            public void close(String why) {
                received.add("closed: " + why);
            }
        }, 100, now, reader);
        follower.start(List.of(), false);
        reader.add(follower);
        return received;
    }

    private void event(long timestamp, String id, String message) {
        written.add(FilteredLogEvent.builder().timestamp(timestamp).eventId(id).logStreamName("quest/quest/abc").message(message).build());
    }

    private static Clock clock(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
}
