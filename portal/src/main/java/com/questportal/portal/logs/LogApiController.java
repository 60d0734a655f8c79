package com.questportal.portal.logs;

import com.questportal.portal.api.ApiProblems;
import com.questportal.portal.security.EnvironmentScope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.security.core.Authentication;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** An environment's logs for scripts and terminals: a search as JSON pages, and the live tail as Server-Sent Events. */
@RestController
@Tag(name = "Logs")
@SecurityRequirement(name = "token")
class LogApiController {

    private final LogSource source;
    private final LogSearch search;
    private final LogTails tails;

    LogApiController(LogSource source, LogSearch search, LogTails tails) {
        this.source = source;
        this.search = search;
        this.tails = tails;
    }

    @GetMapping("/api/v1/environments/{name}/logs")
    @Operation(summary = "Searches the environment's log group with a CloudWatch filter pattern over [start, end) (ISO-8601 instants; "
            + "the last hour by default): a page of lines (order 'newest' or 'oldest'), and 'next' to pass back for the page after, "
            + "null at the end. 400 for an invalid pattern or range, 409 while the environment has no stack")
    LogSearch.Page logs(@PathVariable String name, @RequestParam(defaultValue = "") String filter,
                        @RequestParam(required = false) String start, @RequestParam(required = false) String end,
                        @RequestParam(defaultValue = "newest") String order, @RequestParam(required = false) String next,
                        @RequestParam(defaultValue = "100") int size, Authentication caller) {
        EnvironmentScope.require(caller, name);
        try {
            Instant until = end == null || end.isBlank() ? Instant.now() : instant("end", end);
            Instant from = start == null || start.isBlank() ? until.minus(Duration.ofHours(1)) : instant("start", start);
            return search.search(source.readableBy(caller, name), new LogSearch.Query(filter, from.toEpochMilli(), until.toEpochMilli(),
                    !"oldest".equals(order), next, size));
        } catch (LogsRefused refused) {
            throw problem(refused);
        }
    }

    // No 'produces': a client that does not ask for text/event-stream still learns whether it may follow the tail (403, 404, 409)
    // rather than being told only that no handler suits its Accept header.
    @GetMapping("/api/v1/environments/{name}/logs/tail")
    @Operation(summary = "Follows the environment's log group live as Server-Sent Events: 'line' events (JSON: id, timestamp, stream, "
            + "task, message), 'status' (how far behind, and why), 'dropped' when the client fell too far behind. Send "
            + "Last-Event-ID to resume after a line with none missed and none twice; 'filter' is a CloudWatch filter pattern, "
            + "'task' one task's id")
    SseEmitter tail(@PathVariable String name, @RequestParam(defaultValue = "") String filter,
                    @RequestParam(defaultValue = "") String task,
                    @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId, Authentication caller) {
        EnvironmentScope.require(caller, name);
        try {
            return SseSink.follow(tails, source.readableBy(caller, name), filter, task, lastEventId);
        } catch (LogsRefused refused) {
            throw problem(refused);
        }
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new LogsRefused(LogsRefused.Kind.INVALID, "'" + field + "' is an instant such as 2026-11-30T03:00:00Z.");
        }
    }

    static ErrorResponseException problem(LogsRefused refused) {
        return switch (refused.kind()) {
            case NOT_FOUND -> ApiProblems.notFound(refused.getMessage());
            case NO_LOGS -> ApiProblems.problem(refused.status(), "No logs yet", refused.getMessage());
            case INVALID -> ApiProblems.problem(refused.status(), "Invalid request", refused.getMessage());
            case AWS -> ApiProblems.problem(refused.status(), "AWS did not answer", refused.getMessage());
        };
    }
}
