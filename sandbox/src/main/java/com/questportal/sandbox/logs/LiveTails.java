package com.questportal.sandbox.logs;

import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.EventStreaming;
import com.questportal.sandbox.protocol.Validation;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.cloudwatchlogs.model.LiveTailSessionLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LiveTailSessionMetadata;
import software.amazon.awssdk.services.cloudwatchlogs.model.LiveTailSessionStart;
import software.amazon.awssdk.services.cloudwatchlogs.model.LiveTailSessionUpdate;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartLiveTailRequest;

/**
 * CloudWatch Logs' Live Tail (StartLiveTail): an event stream that first says the session started, then sends the events
 * ingested since into the given log groups (streams, prefixes and filter pattern applied) as they arrive, in updates at
 * least every second — empty ones too — of at most 500 events (more in a second are sampled, and the update says so). As
 * AWS: at most 15 sessions at once per account and region (LimitExceededException), and a session ends after 3 hours with
 * SessionTimeoutException.
 */
final class LiveTails {

    static final int SESSIONS = 15;
    static final Duration LENGTH = Duration.ofHours(3);
    static final int MOST_PER_UPDATE = 500;
    private static final long TICK_MILLIS = 50;

    private final LogsService logs;
    private final Clock clock;
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    LiveTails(LogsService logs, Clock clock) {
        this.logs = logs;
        this.clock = clock;
    }

    EventStreaming.Stream start(StartLiveTailRequest request, CallContext caller) {
        List<String> identifiers = request.hasLogGroupIdentifiers() ? request.logGroupIdentifiers() : null;
        Validation.json().required("logGroupIdentifiers", identifiers).check();
        Validation.json().range("logGroupIdentifiers", identifiers.size(), 1, 10)
                .length("logEventFilterPattern", request.logEventFilterPattern(), 0, 1024).check();
        boolean byName = request.hasLogStreamNames() && !request.logStreamNames().isEmpty();
        boolean byPrefix = request.hasLogStreamNamePrefixes() && !request.logStreamNamePrefixes().isEmpty();
        if (byName && byPrefix) {
            throw AwsServiceException.badRequest("InvalidParameterException", "logStreamNames and logStreamNamePrefixes are mutually exclusive");
        }
        if ((byName || byPrefix) && identifiers.size() != 1) {
            throw AwsServiceException.badRequest("InvalidParameterException",
                    "Log stream names or prefixes can be given only with exactly one log group");
        }
        FilterPattern pattern = FilterPattern.parse(request.logEventFilterPattern());
        List<String> names = identifiers.stream().map(LiveTails::groupName).toList();
        LogStore store = logs.store(caller.accountId(), caller.region());
        long from;
        synchronized (store) {
            names.forEach(name -> logs.group(store, name));
            from = store.nextSequence();
        }
        AtomicInteger sessions = open.computeIfAbsent(caller.accountId() + "|" + caller.region(), key -> new AtomicInteger());
        if (sessions.incrementAndGet() > SESSIONS) {
            sessions.decrementAndGet();
            throw AwsServiceException.badRequest("LimitExceededException", "You have reached the maximum number of concurrent Live Tail "
                    + "sessions (" + SESSIONS + ") for this account and region.");
        }
        return new Session(request, caller, store, names, pattern, from, sessions);
    }

    /** A group's name from its ARN (as StartLiveTail asks for) or its name. */
    private static String groupName(String identifier) {
        if (!identifier.startsWith("arn:")) {
            return identifier;
        }
        if (identifier.endsWith("*")) {
            throw AwsServiceException.badRequest("InvalidParameterException", "A log group ARN given to StartLiveTail can't end with *.");
        }
        if (!identifier.contains(LogsService.ARN_GROUP)) {
            throw AwsServiceException.badRequest("InvalidParameterException", "'" + identifier + "' is not a log group ARN.");
        }
        return LogsService.groupNameOf(identifier);
    }

    private final class Session implements EventStreaming.Stream {

        private final StartLiveTailRequest request;
        private final CallContext caller;
        private final LogStore store;
        private final List<String> groups;
        private final FilterPattern pattern;
        private final AtomicInteger sessions;
        private final Map<LogStore.Stream, Integer> scanned = new HashMap<>();
        private long next;

        Session(StartLiveTailRequest request, CallContext caller, LogStore store, List<String> groups, FilterPattern pattern, long from,
                AtomicInteger sessions) {
            this.request = request;
            this.caller = caller;
            this.store = store;
            this.groups = groups;
            this.pattern = pattern;
            this.next = from;
            this.sessions = sessions;
        }

        @Override
        public void writeTo(EventStreaming.Writer out) throws IOException {
            out.initialResponse();
            out.event("sessionStart", LiveTailSessionStart.builder().requestId(caller.requestId()).sessionId(UUID.randomUUID().toString())
                    .logGroupIdentifiers(request.logGroupIdentifiers()).logStreamNames(request.logStreamNames())
                    .logStreamNamePrefixes(request.logStreamNamePrefixes())
                    .logEventFilterPattern(request.logEventFilterPattern() == null ? "" : request.logEventFilterPattern()).build());
            long deadline = clock.millis() + LENGTH.toMillis();
            long lastUpdate = clock.millis();
            while (clock.millis() < deadline) {
                List<LiveTailSessionLogEvent> fresh = fresh();
                if (!fresh.isEmpty() || clock.millis() - lastUpdate >= 1_000) {
                    boolean sampled = fresh.size() > MOST_PER_UPDATE;
                    out.event("sessionUpdate", LiveTailSessionUpdate.builder()
                            .sessionMetadata(LiveTailSessionMetadata.builder().sampled(sampled).build())
                            .sessionResults(sampled ? fresh.subList(0, MOST_PER_UPDATE) : fresh).build());
                    lastUpdate = clock.millis();
                }
                try {
                    Thread.sleep(TICK_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            out.exception("SessionTimeoutException", "Session timed out after " + LENGTH.toHours() + " hours.");
        }

        /** The matching events ingested since the last look, in the order they arrived. */
        private List<LiveTailSessionLogEvent> fresh() {
            List<LogStore.Event> events = new ArrayList<>();
            Map<LogStore.Event, String[]> where = new HashMap<>();
            synchronized (store) {
                long until = store.nextSequence();
                if (until == next) {
                    return List.of();
                }
                for (String name : groups) {
                    LogStore.Group group = store.groups.get(name);
                    if (group == null) {
                        continue;
                    }
                    for (LogStore.Stream stream : group.streams.values()) {
                        Integer seen = scanned.put(stream, stream.events.size());
                        if (!chosen(stream.name) || seen != null && seen == stream.events.size()) {
                            continue;
                        }
                        for (LogStore.Event event : stream.events) {
                            if (event.sequence() >= next && event.sequence() < until && pattern.matches(event.message())) {
                                events.add(event);
                                where.put(event, new String[] {stream.name, name});
                            }
                        }
                    }
                }
                next = until;
            }
            events.sort(Comparator.comparingLong(LogStore.Event::sequence));
            return events.stream().map(event -> LiveTailSessionLogEvent.builder().logStreamName(where.get(event)[0])
                    .logGroupIdentifier(identifierOf(where.get(event)[1])).message(event.message()).timestamp(event.timestamp())
                    .ingestionTime(event.ingestion()).build()).toList();
        }

        private boolean chosen(String stream) {
            if (request.hasLogStreamNames() && !request.logStreamNames().isEmpty()) {
                return request.logStreamNames().contains(stream);
            }
            if (request.hasLogStreamNamePrefixes() && !request.logStreamNamePrefixes().isEmpty()) {
                return request.logStreamNamePrefixes().stream().anyMatch(stream::startsWith);
            }
            return true;
        }

        /** The group as the request named it: by ARN when it gave ARNs. */
        private String identifierOf(String group) {
            return request.logGroupIdentifiers().stream().filter(identifier -> groupName(identifier).equals(group)).findFirst().orElse(group);
        }

        @Override
        public void ended() {
            sessions.decrementAndGet();
        }
    }
}
