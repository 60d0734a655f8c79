package com.questportal.portal.logs;

import java.util.Comparator;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * One log event as the portal shows it: its place in the log ({@link #id}: the event's time and CloudWatch's event id, which a
 * reconnecting browser sends back as {@code Last-Event-ID}), its stream and the task that wrote it, and the message with the
 * environment's secret word masked. The message is text: pages render it as such, never as markup.
 */
public record LogLine(String id, long timestamp, String stream, String task, String message) {

    /** Log order: by time, then by CloudWatch's event id (digits: a longer one is later). */
    static final Comparator<LogLine> ORDER = Comparator.comparingLong(LogLine::timestamp)
            .thenComparing(line -> eventId(line.id()), LogLine::compareEventIds);

    static LogLine of(FilteredLogEvent event, SecretWordMask.Mask mask) {
        String stream = event.logStreamName() == null ? "" : event.logStreamName();
        return new LogLine(idOf(event), event.timestamp(), stream,
                stream.substring(stream.lastIndexOf('/') + 1), mask.apply(event.message() == null ? "" : event.message()));
    }

    /** An event's place in the log: {@code <time>-<event id>}. */
    static String idOf(FilteredLogEvent event) {
        return event.timestamp() + "-" + event.eventId();
    }

    /** Whether this line comes after the place {@code cursor} names ({@code <time>-<event id>}). */
    boolean isAfter(String cursor) {
        long time = timeOf(cursor);
        return timestamp > time || timestamp == time && compareEventIds(eventId(id), eventId(cursor)) > 0;
    }

    /** The time of a cursor {@code <time>-<event id>}; refused in words when it is not one. */
    static long timeOf(String cursor) {
        int dash = cursor == null ? -1 : cursor.indexOf('-');
        try {
            return Long.parseLong(cursor.substring(0, dash));
        } catch (RuntimeException notACursor) {
            throw new LogsRefused(LogsRefused.Kind.INVALID, "The position to resume from is not one this portal gave: "
                    + "it is '<time in ms>-<event id>'.");
        }
    }

    static boolean isCursor(String cursor) {
        try {
            timeOf(cursor);
            return true;
        } catch (LogsRefused notOne) {
            return false;
        }
    }

    private static String eventId(String cursor) {
        return cursor.substring(cursor.indexOf('-') + 1);
    }

    private static int compareEventIds(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
}
