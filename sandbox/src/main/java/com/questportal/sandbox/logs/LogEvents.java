package com.questportal.sandbox.logs;

import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Validation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.RejectedLogEventsInfo;
import software.amazon.awssdk.services.cloudwatchlogs.model.SearchedLogStream;

/** Writing, reading and searching log events, with CloudWatch Logs' limits and paging. */
final class LogEvents {

    private static final int MAX_BATCH_BYTES = 1_048_576;
    private static final int EVENT_OVERHEAD = 26;
    private static final int MAX_EVENT_BYTES = 262_144 - EVENT_OVERHEAD;
    private static final long DAY = 86_400_000L;
    private static final long TOO_NEW = 2 * 3_600_000L;
    private static final long TOO_OLD = 14 * DAY;
    private static final int MAX_EVENTS = 10_000;

    private final LogsService logs;
    private final Clock clock;

    LogEvents(LogsService logs, Clock clock) {
        this.logs = logs;
        this.clock = clock;
    }

    PutLogEventsResponse put(PutLogEventsRequest request, CallContext caller) {
        Validation.json().required("logGroupName", request.logGroupName()).required("logStreamName", request.logStreamName())
                .required("logEvents", request.hasLogEvents() ? request.logEvents() : null).check();
        List<InputLogEvent> batch = request.logEvents();
        Validation.json().range("logEvents", batch.size(), 1, MAX_EVENTS).check();
        long bytes = 0;
        for (int i = 0; i < batch.size(); i++) {
            InputLogEvent event = batch.get(i);
            if (event.timestamp() == null || event.message() == null) {
                throw AwsServiceException.badRequest("InvalidParameterException", "Each log event needs a timestamp and a message.");
            }
            int size = event.message().getBytes(StandardCharsets.UTF_8).length;
            if (size > MAX_EVENT_BYTES) {
                throw AwsServiceException.badRequest("InvalidParameterException", "Log event too large: " + size + " bytes exceeds limit of "
                        + MAX_EVENT_BYTES);
            }
            bytes += size + EVENT_OVERHEAD;
            if (i > 0 && event.timestamp() < batch.get(i - 1).timestamp()) {
                throw AwsServiceException.badRequest("InvalidParameterException",
                        "Log events in a single PutLogEvents request must be in chronological order.");
            }
        }
        if (bytes > MAX_BATCH_BYTES) {
            throw AwsServiceException.badRequest("InvalidParameterException", "Upload too large: " + bytes + " bytes exceeds limit of "
                    + MAX_BATCH_BYTES);
        }
        if (batch.get(batch.size() - 1).timestamp() - batch.get(0).timestamp() > DAY) {
            throw AwsServiceException.badRequest("InvalidParameterException",
                    "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
        }
        long now = clock.millis();
        LogStore store = logs.store(caller.accountId(), caller.region());
        RejectedLogEventsInfo.Builder rejected = RejectedLogEventsInfo.builder();
        boolean anyRejected = false;
        synchronized (store) {
            LogStore.Group group = logs.group(store, request.logGroupName());
            LogStore.Stream stream = LogsService.stream(group, request.logStreamName());
            long expiredBefore = group.retentionDays == null ? Long.MIN_VALUE : now - group.retentionDays * DAY;
            List<long[]> times = new ArrayList<>();
            List<String> messages = new ArrayList<>();
            int tooOld = -1;
            int expired = -1;
            int tooNew = -1;
            for (int i = 0; i < batch.size(); i++) {
                long timestamp = batch.get(i).timestamp();
                if (timestamp < expiredBefore) {
                    expired = i;
                } else if (timestamp < now - TOO_OLD) {
                    tooOld = i;
                } else if (timestamp > now + TOO_NEW) {
                    tooNew = tooNew < 0 ? i : tooNew;
                } else {
                    times.add(new long[] {timestamp, now});
                    messages.add(batch.get(i).message());
                }
            }
            if (tooOld >= 0) {
                rejected.tooOldLogEventEndIndex(tooOld + 1);
                anyRejected = true;
            }
            if (expired >= 0) {
                rejected.expiredLogEventEndIndex(expired + 1);
                anyRejected = true;
            }
            if (tooNew >= 0) {
                rejected.tooNewLogEventStartIndex(tooNew);
                anyRejected = true;
            }
            if (!messages.isEmpty()) {
                store.append(group, stream, times, messages);
            }
        }
        PutLogEventsResponse.Builder response = PutLogEventsResponse.builder().nextSequenceToken(UUID.randomUUID().toString().replace("-", ""));
        return anyRejected ? response.rejectedLogEventsInfo(rejected.build()).build() : response.build();
    }

    GetLogEventsResponse get(GetLogEventsRequest request, CallContext caller) {
        Validation.json().required("logStreamName", request.logStreamName()).range("limit", request.limit(), 1, MAX_EVENTS).check();
        String groupName = groupName(request.logGroupName(), request.logGroupIdentifier());
        LogStore store = logs.store(caller.accountId(), caller.region());
        List<LogStore.Event> visible = new ArrayList<>();
        synchronized (store) {
            LogStore.Group group = logs.group(store, groupName);
            long oldest = oldestVisible(group);
            for (LogStore.Event event : LogsService.stream(group, request.logStreamName()).events) {
                if (event.timestamp() >= oldest && inWindow(event.timestamp(), request.startTime(), request.endTime())) {
                    visible.add(event);
                }
            }
        }
        int limit = request.limit() == null ? MAX_EVENTS : request.limit();
        int start;
        int end;
        String token = request.nextToken();
        if (token == null) {
            boolean fromHead = Boolean.TRUE.equals(request.startFromHead());
            start = fromHead ? 0 : Math.max(0, visible.size() - limit);
            end = fromHead ? Math.min(visible.size(), limit) : visible.size();
        } else {
            int position = position(token, visible.size());
            if (token.startsWith("f/")) {
                start = position;
                end = Math.min(visible.size(), position + limit);
            } else {
                end = position;
                start = Math.max(0, position - limit);
            }
        }
        List<OutputLogEvent> page = visible.subList(start, end).stream().map(event -> OutputLogEvent.builder()
                .timestamp(event.timestamp()).message(event.message()).ingestionTime(event.ingestion()).build()).toList();
        return GetLogEventsResponse.builder().events(page).nextForwardToken("f/" + String.format("%020d", end))
                .nextBackwardToken("b/" + String.format("%020d", start)).build();
    }

    FilterLogEventsResponse filter(FilterLogEventsRequest request, CallContext caller) {
        Validation.json().range("limit", request.limit(), 1, MAX_EVENTS).length("filterPattern", request.filterPattern(), 0, 1024).check();
        if (request.hasLogStreamNames() && request.logStreamNamePrefix() != null) {
            throw AwsServiceException.badRequest("InvalidParameterException",
                    "logStreamNames and logStreamNamePrefix are mutually exclusive");
        }
        if (request.hasLogStreamNames() && request.logStreamNames().size() > 100) {
            Validation.json().range("logStreamNames", request.logStreamNames().size(), 1, 100).check();
        }
        FilterPattern pattern = FilterPattern.parse(request.filterPattern());
        String groupName = groupName(request.logGroupName(), request.logGroupIdentifier());
        int limit = request.limit() == null ? MAX_EVENTS : request.limit();
        long[] after = afterToken(request.nextToken());
        LogStore store = logs.store(caller.accountId(), caller.region());
        List<Match> matches = new ArrayList<>();
        List<SearchedLogStream> searched = new ArrayList<>();
        synchronized (store) {
            LogStore.Group group = logs.group(store, groupName);
            long from = Math.max(oldestVisible(group), request.startTime() == null ? Long.MIN_VALUE : request.startTime());
            long until = request.endTime() == null ? Long.MAX_VALUE : request.endTime();
            for (LogStore.Stream stream : group.streams.values()) {
                boolean chosen = request.hasLogStreamNames() ? request.logStreamNames().contains(stream.name)
                        : request.logStreamNamePrefix() == null || stream.name.startsWith(request.logStreamNamePrefix());
                if (chosen) {
                    searched.add(SearchedLogStream.builder().logStreamName(stream.name).searchedCompletely(true).build());
                    collectMatches(stream, firstAfter(stream.events, from, after), until, pattern, limit + 1, matches);
                }
            }
        }
        matches.sort(null);
        boolean more = matches.size() > limit;
        List<Match> kept = matches.subList(0, Math.min(limit, matches.size()));
        List<FilteredLogEvent> page = kept.stream().map(Match::toFiltered).toList();
        String next = more ? kept.get(kept.size() - 1).event().timestamp() + "-" + kept.get(kept.size() - 1).event().sequence() : null;
        return FilterLogEventsResponse.builder().events(page).searchedLogStreams(searched).nextToken(next).build();
    }

    /**
     * Scans one stream in order and keeps its first {@code atMost} matching events: a page can take no
     * more than that from any one stream, so streams are searched one after the other, each in a straight
     * pass, and only the matches are merged by time.
     */
    private static void collectMatches(LogStore.Stream stream, int from, long until, FilterPattern pattern, int atMost,
                                       List<Match> into) {
        int found = 0;
        for (int i = from; i < stream.events.size() && found < atMost; i++) {
            LogStore.Event event = stream.events.get(i);
            if (event.timestamp() >= until) {
                return;
            }
            if (pattern.matches(event.message())) {
                into.add(new Match(stream.name, event));
                found++;
            }
        }
    }

    /**
     * A 56-digit id, as CloudWatch's look: the event's time, then its sequence in the account and region, so
     * that every event has its own and none is all zeros.
     */
    static String eventId(LogStore.Event event) {
        return String.format("%016d%040d", event.timestamp(), event.sequence());
    }

    /** A matching event and its stream, ordered as FilterLogEvents interleaves streams: by time, then by arrival. */
    private record Match(String streamName, LogStore.Event event) implements Comparable<Match> {

        @Override
        public int compareTo(Match other) {
            return event.compareTo(other.event);
        }

        FilteredLogEvent toFiltered() {
            return FilteredLogEvent.builder().logStreamName(streamName).timestamp(event.timestamp()).message(event.message())
                    .ingestionTime(event.ingestion()).eventId(eventId(event)).build();
        }
    }

    /** The first event at or after {@code from} and, when paging, after the last event already returned. */
    private static int firstAfter(List<LogStore.Event> events, long from, long[] after) {
        int low = 0;
        int high = events.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            LogStore.Event event = events.get(middle);
            boolean before = event.timestamp() < from || (after != null && (event.timestamp() < after[0]
                    || (event.timestamp() == after[0] && event.sequence() <= after[1])));
            if (before) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private static long[] afterToken(String token) {
        if (token == null) {
            return null;
        }
        String[] parts = token.split("-");
        try {
            if (parts.length == 2) {
                return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
            }
        } catch (NumberFormatException e) {
            // falls through to AWS's error
        }
        throw AwsServiceException.badRequest("InvalidParameterException", "The specified nextToken is invalid.");
    }

    private static int position(String token, int size) {
        if (token.length() > 2 && (token.startsWith("f/") || token.startsWith("b/"))) {
            try {
                int position = Integer.parseInt(token.substring(2));
                if (position >= 0 && position <= size) {
                    return position;
                }
            } catch (NumberFormatException e) {
                // falls through to AWS's error
            }
        }
        throw AwsServiceException.badRequest("InvalidParameterException", "The specified nextToken is invalid.");
    }

    private long oldestVisible(LogStore.Group group) {
        return group.retentionDays == null ? Long.MIN_VALUE : clock.millis() - group.retentionDays * DAY;
    }

    private static boolean inWindow(long timestamp, Long start, Long end) {
        return (start == null || timestamp >= start) && (end == null || timestamp < end);
    }

    private static String groupName(String name, String identifier) {
        if (name != null && identifier != null) {
            throw AwsServiceException.badRequest("InvalidParameterException", "LogGroupName and LogGroupIdentifier are mutually exclusive");
        }
        String chosen = name != null ? name : identifier;
        if (chosen == null) {
            throw AwsServiceException.badRequest("InvalidParameterException", "Either logGroupName or logGroupIdentifier is required");
        }
        return LogsService.groupNameOf(chosen);
    }
}
