package com.questportal.portal.logs;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;

/**
 * A search as the page's form asks for it: the last 5 minutes, hour or day, or from–to in the reader's own time zone (the
 * browser sends its zone) — or, for the pages after the first and a link to it, the same range in epoch ms; newest or
 * oldest first; a filter pattern; where to go on from.
 */
record SearchForm(String filter, String range, String from, String to, String zone, String order, String after, Long start, Long end) {

    static final Map<String, Duration> RANGES = Map.of("5m", Duration.ofMinutes(5), "1h", Duration.ofHours(1), "24h", Duration.ofHours(24));

    SearchForm {
        filter = filter == null ? "" : filter;
        range = range == null || range.isBlank() ? "1h" : range;
        order = "oldest".equals(order) ? "oldest" : "newest";
    }

    /** The query this form asks for, {@code size} lines a page; refused in words when its range is not one. */
    LogSearch.Query query(Instant now, int size) {
        long start;
        long end;
        if (this.start != null && this.end != null) {
            // A search's next page and its link keep the range the first page had, not one that moved with the clock.
            start = this.start;
            end = this.end;
        } else if ("custom".equals(range)) {
            ZoneId zoneId = zoneId();
            start = at("from", from, zoneId);
            end = at("to", to, zoneId);
        } else {
            Duration length = RANGES.get(range);
            if (length == null) {
                throw new LogsRefused(LogsRefused.Kind.INVALID, "The range is the last 5m, 1h or 24h, or custom with from and to.");
            }
            end = now.toEpochMilli();
            start = now.minus(length).toEpochMilli();
        }
        return new LogSearch.Query(filter, start, end, "newest".equals(order), after, size);
    }

    private ZoneId zoneId() {
        try {
            return zone == null || zone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new LogsRefused(LogsRefused.Kind.INVALID, "'" + zone + "' is not a time zone such as Europe/Berlin or UTC.");
        }
    }

    private static long at(String field, String value, ZoneId zone) {
        try {
            return LocalDateTime.parse(value).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeException | NullPointerException e) {
            throw new LogsRefused(LogsRefused.Kind.INVALID, "'" + field + "' is a date and time such as 2026-11-30T03:00.");
        }
    }
}
