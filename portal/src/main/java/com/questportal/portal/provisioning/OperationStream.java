package com.questportal.portal.provisioning;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live progress of operations as Server-Sent Events. Each open page gets the events recorded after
 * the last one it has, read from the database every half second: AWS is asked by the watcher alone,
 * however many people watch. An {@code event} message per stack event, a {@code status} message
 * with the operation's state and progress, and the stream ends when the operation has.
 */
@Component
class OperationStream {

    private static final class Subscriber {
        final long operationId;
        final SseEmitter emitter;
        long lastSent;
        String lastStatus;

        Subscriber(long operationId, SseEmitter emitter, long lastSent) {
            this.operationId = operationId;
            this.emitter = emitter;
            this.lastSent = lastSent;
        }
    }

    private final OperationLedger ledger;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    OperationStream(OperationLedger ledger) {
        this.ledger = ledger;
    }

    SseEmitter subscribe(long operationId, long afterEventId) {
        SseEmitter emitter = new SseEmitter(30 * 60 * 1000L);
        Subscriber subscriber = new Subscriber(operationId, emitter, afterEventId);
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onTimeout(() -> subscribers.remove(subscriber));
        emitter.onError(error -> subscribers.remove(subscriber));
        subscribers.add(subscriber);
        push(subscriber);
        return emitter;
    }

    /** Also called by the watcher the moment it records something, so a page does not wait for the next round. */
    @Scheduled(fixedDelay = 500)
    void pushAll() {
        subscribers.forEach(this::push);
    }

    private void push(Subscriber subscriber) {
        synchronized (subscriber) {
            pushLocked(subscriber);
        }
    }

    private void pushLocked(Subscriber subscriber) {
        StackOperation operation = ledger.operation(subscriber.operationId).orElse(null);
        if (operation == null) {
            subscriber.emitter.complete();
            return;
        }
        try {
            List<StackEventRecord> events = ledger.events(subscriber.operationId);
            long lastSent = subscriber.lastSent;
            for (StackEventRecord event : events.stream().filter(event -> event.getId() > lastSent).toList()) {
                subscriber.emitter.send(SseEmitter.event().name("event").id(String.valueOf(event.getId()))
                        .data(EventRow.of(operation, event), MediaType.APPLICATION_JSON));
                subscriber.lastSent = event.getId();
            }
            OperationProgress progress = OperationProgress.of(operation, events);
            String status = operation.getStatus() + "|" + operation.getStackStatus() + "|" + progress;
            if (!status.equals(subscriber.lastStatus)) {
                subscriber.emitter.send(SseEmitter.event().name("status").data(Map.of("status", operation.getStatus().name(),
                        "stackStatus", operation.getStackStatus() == null ? "" : operation.getStackStatus(), "done", progress.done(),
                        "total", progress.total(), "percent", progress.percent(),
                        "problem", operation.getProblem() == null ? "" : operation.getProblem())));
                subscriber.lastStatus = status;
            }
            if (!operation.isRunning()) {
                subscriber.emitter.send(SseEmitter.event().name("done").data(Map.of("status", operation.getStatus().name(),
                        "finishedAt", String.valueOf(operation.getFinishedAt()))));
                subscriber.emitter.complete();
                subscribers.remove(subscriber);
            }
        } catch (IOException | IllegalStateException gone) {
            // The page was closed: this viewer stops; the operation goes on.
            subscribers.remove(subscriber);
        }
    }
}
