package com.questportal.portal.logs;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * Searches a log group over a time range with CloudWatch's own filter (FilterLogEvents' {@code filterPattern}), a page at a
 * time, oldest or newest first. A page continues after the last line of the one before ({@code after}, that line's id), so
 * paging either way never skips a line nor shows one twice. FilterLogEvents reads forward only: newest first reads windows
 * of time backwards from the end, each four times the one before, until the page is full.
 */
@Component
class LogSearch {

    static final int LARGEST_PAGE = 1_000;
    /** The first window a newest-first page reads back from its end. */
    static final long FIRST_WINDOW_MILLIS = 60_000;

    /** A search: the filter ("" for every line), the range [start, end) in epoch ms, the order, where to go on from, how many. */
    record Query(String filter, long start, long end, boolean newestFirst, String after, int size) {

        Query {
            filter = filter == null ? "" : filter.trim();
            size = Math.max(1, Math.min(LARGEST_PAGE, size));
            if (after != null && after.isBlank()) {
                after = null;
            }
            if (after != null) {
                LogLine.timeOf(after);
            }
        }
    }

    /** A page of lines in the order asked, and where the next page starts (null at the end). */
    record Page(List<LogLine> lines, String next) {
    }

    private final LogSource source;

    LogSearch(LogSource source) {
        this.source = source;
    }

    Page search(LogSource.Logs logs, Query query) {
        if (query.end() <= query.start()) {
            throw new LogsRefused(LogsRefused.Kind.INVALID, "The search's end must come after its start.");
        }
        try {
            return query.newestFirst() ? newestFirst(logs, query) : oldestFirst(logs, query);
        } catch (SdkException e) {
            throw LogsRefused.of(e, query.filter());
        }
    }

    private Page oldestFirst(LogSource.Logs logs, Query query) {
        long from = query.after() == null ? query.start() : Math.max(query.start(), LogLine.timeOf(query.after()));
        List<LogLine> found = new ArrayList<>();
        String token = null;
        do {
            FilterLogEventsResponse response = call(logs, query, from, query.end(), token, Math.min(10_000, query.size() * 2 + 10));
            for (FilteredLogEvent event : response.events()) {
                LogLine line = LogLine.of(event, logs.mask());
                if (query.after() == null || line.isAfter(query.after())) {
                    found.add(line);
                }
            }
            token = response.nextToken();
        } while (token != null && found.size() <= query.size());
        found.sort(LogLine.ORDER);
        List<LogLine> page = List.copyOf(found.subList(0, Math.min(query.size(), found.size())));
        boolean more = found.size() > query.size() || token != null;
        return new Page(page, more && !page.isEmpty() ? page.get(page.size() - 1).id() : null);
    }

    private Page newestFirst(LogSource.Logs logs, Query query) {
        long upper = query.after() == null ? query.end() : Math.min(query.end(), LogLine.timeOf(query.after()) + 1);
        long width = FIRST_WINDOW_MILLIS;
        List<LogLine> found = new ArrayList<>();
        while (found.size() < query.size() && upper > query.start()) {
            long lower = Math.max(query.start(), upper - width);
            List<LogLine> window = new ArrayList<>();
            String token = null;
            do {
                FilterLogEventsResponse response = call(logs, query, lower, upper, token, 10_000);
                for (FilteredLogEvent event : response.events()) {
                    LogLine line = LogLine.of(event, logs.mask());
                    if (query.after() == null || !line.isAfter(query.after()) && !line.id().equals(query.after())) {
                        window.add(line);
                    }
                }
                token = response.nextToken();
            } while (token != null);
            found.addAll(0, window);
            upper = lower;
            width *= 4;
        }
        found.sort(LogLine.ORDER);
        List<LogLine> page = new ArrayList<>(found.subList(Math.max(0, found.size() - query.size()), found.size()));
        java.util.Collections.reverse(page);
        boolean more = found.size() > query.size() || upper > query.start();
        return new Page(List.copyOf(page), more && !page.isEmpty() ? page.get(page.size() - 1).id() : null);
    }

    private FilterLogEventsResponse call(LogSource.Logs logs, Query query, long from, long until, String token, int limit) {
        return source.filter(logs.group(), query.filter(), "", from, until, token, limit);
    }
}
