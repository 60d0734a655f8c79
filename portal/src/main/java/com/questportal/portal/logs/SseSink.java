package com.questportal.portal.logs;

import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A tail's messages as Server-Sent Events: {@code line} (its id is the line's, which the browser sends back as
 * {@code Last-Event-ID} when it reconnects), {@code status}, and {@code dropped} with why before the stream ends.
 */
final class SseSink implements LogTails.Sink {

    private final SseEmitter emitter;

    SseSink(SseEmitter emitter) {
        this.emitter = emitter;
    }

    @Override
    public void line(LogLine line) throws IOException {
        emitter.send(SseEmitter.event().name("line").id(line.id()).data(line, MediaType.APPLICATION_JSON));
    }

    @Override
    public void status(LogTails.TailStatus status) throws IOException {
        emitter.send(SseEmitter.event().name("status").data(status, MediaType.APPLICATION_JSON));
    }

    @Override
    public void keepAlive() throws IOException {
        emitter.send(SseEmitter.event().comment("keep-alive"));
    }

    @Override
    public void close(String why) {
        try {
            emitter.send(SseEmitter.event().name("dropped").data(why));
            emitter.complete();
        } catch (IOException | IllegalStateException gone) {
            emitter.completeWithError(gone);
        }
    }

    /** A stream that follows a tail until the browser leaves; the follower stops with it. */
    static SseEmitter follow(LogTails tails, LogSource.Logs logs, String filter, String task, String lastEventId) {
        SseEmitter emitter = new SseEmitter(30 * 60 * 1000L);
        LogTailFollower follower = tails.follow(logs, filter, task, lastEventId, new SseSink(emitter));
        emitter.onCompletion(follower::stop);
        emitter.onTimeout(follower::stop);
        emitter.onError(error -> follower.stop());
        return emitter;
    }
}
