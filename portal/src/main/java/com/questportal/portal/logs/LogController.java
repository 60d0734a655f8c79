package com.questportal.portal.logs;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * The logs page of an environment: the live tail (the page's script follows {@code …/logs/tail}), and the search over a time
 * range, a page at a time, with "load more", a link to the search and a download. For on-call: OPERATOR and ADMIN, and VIEWER
 * where the environment's admin allows it.
 */
@Controller
@RequestMapping("/environments/{name}/logs")
class LogController {

    static final int SEARCH_PAGE = 100;

    private final LogSource source;
    private final LogSearch search;
    private final LogTails tails;
    private final JsonMapper json;
    private final int downloadLimit;

    LogController(LogSource source, LogSearch search, LogTails tails, JsonMapper json,
                  @Value("${portal.logs.download-max-lines:100000}") int downloadLimit) {
        this.source = source;
        this.search = search;
        this.tails = tails;
        this.json = json;
        this.downloadLimit = downloadLimit;
    }

    @GetMapping
    String page(@PathVariable String name, @RequestParam(defaultValue = "") String filter, @RequestParam(defaultValue = "") String task,
                Model model, Authentication caller) {
        try {
            source.environment(name);
        } catch (LogsRefused refused) {
            throw new ResponseStatusException(refused.status(), refused.getMessage());
        }
        model.addAttribute("name", name);
        model.addAttribute("filter", filter);
        model.addAttribute("task", task);
        try {
            model.addAttribute("logGroup", source.readableBy(caller, name).group().name());
        } catch (LogsRefused refused) {
            model.addAttribute("problem", refused.getMessage());
        }
        return "logs/logs";
    }

    /** The tail for the page's script; a refusal (an invalid pattern, no logs yet) comes as one 'refused' event with the sentence. */
    @GetMapping(path = "/tail", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter tail(@PathVariable String name, @RequestParam(defaultValue = "") String filter, @RequestParam(defaultValue = "") String task,
                    @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId, Authentication caller) {
        LogSource.Logs logs;
        try {
            logs = source.readableBy(caller, name);
        } catch (LogsRefused refused) {
            return refusedStream(refused);
        }
        try {
            return SseSink.follow(tails, logs, filter, task, lastEventId);
        } catch (LogsRefused refused) {
            return refusedStream(refused);
        }
    }

    private static SseEmitter refusedStream(LogsRefused refused) {
        SseEmitter emitter = new SseEmitter(0L);
        try {
            emitter.send(SseEmitter.event().name("refused").data(refused.getMessage()));
            emitter.complete();
        } catch (IOException gone) {
            emitter.completeWithError(gone);
        }
        return emitter;
    }

    @GetMapping("/search")
    String search(@PathVariable String name, @ModelAttribute SearchForm form, Model model, HttpServletResponse response,
                  Authentication caller) {
        model.addAttribute("name", name);
        model.addAttribute("form", form);
        try {
            LogSearch.Query query = form.query(Instant.now(), SEARCH_PAGE);
            model.addAttribute("query", query);
            model.addAttribute("page", search.search(source.readableBy(caller, name), query));
        } catch (LogsRefused refused) {
            response.setStatus(refused.status().value());
            model.addAttribute("problem", refused.getMessage());
        }
        return "logs/search-results";
    }

    /** The search's lines, oldest first, as text or JSON lines, streamed: at most {@code portal.logs.download-max-lines}. */
    @GetMapping("/download")
    ResponseEntity<StreamingResponseBody> download(@PathVariable String name, @ModelAttribute SearchForm form,
                                                   @RequestParam(defaultValue = "text") String format, Authentication caller) {
        LogSource.Logs logs;
        LogSearch.Query first;
        try {
            logs = source.readableBy(caller, name);
            first = new SearchForm(form.filter(), form.range(), form.from(), form.to(), form.zone(), "oldest", null, form.start(),
                    form.end()).query(Instant.now(), LogSearch.LARGEST_PAGE);
        } catch (LogsRefused refused) {
            throw new ResponseStatusException(refused.status(), refused.getMessage());
        }
        boolean jsonLines = "jsonl".equals(format);
        StreamingResponseBody body = out -> write(logs, first, jsonLines, out);
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(name + "-logs." + (jsonLines ? "jsonl" : "txt")).build().toString())
                .contentType(jsonLines ? MediaType.parseMediaType("application/x-ndjson") : new MediaType("text", "plain", StandardCharsets.UTF_8))
                .body(body);
    }

    private void write(LogSource.Logs logs, LogSearch.Query first, boolean jsonLines, OutputStream out) throws IOException {
        LogSearch.Query query = first;
        int written = 0;
        try {
            while (written < downloadLimit) {
                LogSearch.Page page = search.search(logs, query);
                for (LogLine line : page.lines()) {
                    if (written++ >= downloadLimit) {
                        break;
                    }
                    String text = jsonLines ? json.writeValueAsString(line)
                            : Instant.ofEpochMilli(line.timestamp()) + " " + line.task() + " " + line.message();
                    out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
                }
                if (page.next() == null) {
                    return;
                }
                query = new LogSearch.Query(first.filter(), first.start(), first.end(), false, page.next(), first.size());
            }
            stopped(out, jsonLines, "stopped at " + downloadLimit + " lines (portal.logs.download-max-lines): narrow the range for the rest");
        } catch (LogsRefused refused) {
            stopped(out, jsonLines, "stopped: " + refused.getMessage());
        }
    }

    /** The last line says why the download ended early: a comment in text, an object of its own in JSON lines. */
    private void stopped(OutputStream out, boolean jsonLines, String why) throws IOException {
        String line = jsonLines ? json.writeValueAsString(java.util.Map.of("stopped", why)) : "# " + why;
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
