package com.questportal.portal.logs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
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

    /** A tail's order: by time only, so that lines of one millisecond keep the order CloudWatch gave them (a sort is stable). */
    static final Comparator<LogLine> BY_TIME = Comparator.comparingLong(LogLine::timestamp);

    static LogLine of(FilteredLogEvent event, SecretWordMask.Mask mask) {
        return of(idOf(event), event.timestamp(), event.logStreamName(), event.message(), mask);
    }

    static LogLine of(String id, long timestamp, String stream, String message, SecretWordMask.Mask mask) {
        String name = stream == null ? "" : stream;
        return new LogLine(id, timestamp, name, name.substring(name.lastIndexOf('/') + 1), mask.apply(message == null ? "" : message));
    }

    /**
     * A tail line's place: {@code <time>-<digest of its stream and message>}. StartLiveTail gives no event id, so a tail names
     * its lines this way whichever way they came: a line read by FilterLogEvents and pushed by StartLiveTail too has one name,
     * and shows once. Lines just alike (same time, stream and message) are told apart by {@link #nth}.
     */
    static String tailId(long timestamp, String stream, String message) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException everyJavaHasIt) {
            throw new IllegalStateException(everyJavaHasIt);
        }
        sha256.update(String.valueOf(stream).getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        byte[] digest = sha256.digest(String.valueOf(message).getBytes(StandardCharsets.UTF_8));
        return timestamp + "-" + HexFormat.of().formatHex(digest, 0, 8);
    }

    /** The name of the n-th line (from 0) just like the one {@code tailId} names. */
    static String nth(String tailId, int n) {
        return n == 0 ? tailId : tailId + "." + n;
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
