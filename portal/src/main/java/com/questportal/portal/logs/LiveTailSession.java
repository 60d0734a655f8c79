package com.questportal.portal.logs;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsAsyncClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.AccessDeniedException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LimitExceededException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LiveTailSessionLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LiveTailSessionStart;
import software.amazon.awssdk.services.cloudwatchlogs.model.LiveTailSessionUpdate;
import software.amazon.awssdk.services.cloudwatchlogs.model.SessionTimeoutException;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartLiveTailResponseHandler;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartLiveTailResponseStream;

/**
 * One CloudWatch Logs StartLiveTail session of a tail: CloudWatch pushes the lines ingested since the session began, about
 * once a second, with no call of ours per second. Its events reach the {@link Listener} on the SDK's threads. When AWS refuses
 * the session (15 per account and region) or ends it (after three hours, or on a failure of its own), the listener hears why,
 * once, in words for the page.
 */
final class LiveTailSession {

    /** What a tail's reader hears from its session. */
    interface Listener {

        /** CloudWatch sends from now on: lines ingested before this moment must be read some other way. */
        void started();

        /** New lines, in CloudWatch's order; {@code sampled} when CloudWatch sent only some (more than 500 a second). */
        void pushed(List<LiveTailSessionLogEvent> events, boolean sampled);

        /** The session was refused or is over, with why; nothing more comes. */
        void ended(String why);
    }

    private final Listener listener;
    private final AtomicBoolean over = new AtomicBoolean();
    private volatile Subscription subscription;
    private CompletableFuture<Void> call;

    /** A session not (yet) asked of CloudWatch; {@link #open} asks. */
    LiveTailSession(Listener listener) {
        this.listener = listener;
    }

    /** Starts a session of one log group (by ARN), with the tail's filter pattern and stream, if any. */
    static LiveTailSession open(CloudWatchLogsAsyncClient client, String groupArn, LogTails.Key key, Listener listener) {
        LiveTailSession session = new LiveTailSession(listener);
        StartLiveTailResponseHandler handler = StartLiveTailResponseHandler.builder()
                .onEventStream(stream -> stream.subscribe(session.new Events()))
                .onError(session::failed)
                .build();
        session.call = client.startLiveTail(request -> request.logGroupIdentifiers(groupArn)
                .logEventFilterPattern(key.filter().isEmpty() ? null : key.filter())
                .logStreamNames(key.stream().isEmpty() ? null : List.of(key.stream())), handler);
        session.call.whenComplete((done, failure) -> {
            if (failure != null) {
                session.failed(failure);
            } else {
                session.end("CloudWatch ended the live tail session.");
            }
        });
        return session;
    }

    /** Ends the session from our side (the last follower left): the listener hears nothing more. */
    void close() {
        if (over.compareAndSet(false, true)) {
            Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
            if (call != null) {
                call.cancel(true);
            }
        }
    }

    private void failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        end(why(cause));
    }

    private void end(String why) {
        if (over.compareAndSet(false, true)) {
            listener.ended(why);
        }
    }

    /** Why a session ended, in the operator's words. */
    static String why(Throwable cause) {
        if (cause instanceof LimitExceededException) {
            return "AWS's 15 live tail sessions for this account and region are all in use (by this portal, the console or "
                    + "scripts).";
        }
        if (cause instanceof SessionTimeoutException) {
            return "The live tail session reached AWS's three-hour limit.";
        }
        if (cause instanceof AccessDeniedException) {
            return "The portal may not call logs:StartLiveTail on this log group.";
        }
        if (cause instanceof SdkException sdk && sdk.getMessage() != null) {
            return "CloudWatch ended the live tail session: " + sdk.getMessage();
        }
        return "The live tail session was cut off.";
    }

    /** The session's event stream, read as fast as it comes: the followers' own queues bound what waits. */
    private final class Events implements Subscriber<StartLiveTailResponseStream> {

        @Override
        public void onSubscribe(Subscription subscription) {
            LiveTailSession.this.subscription = subscription;
            if (over.get()) {
                subscription.cancel();
            } else {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(StartLiveTailResponseStream event) {
            if (over.get()) {
                return;
            }
            if (event instanceof LiveTailSessionStart) {
                listener.started();
            } else if (event instanceof LiveTailSessionUpdate update) {
                listener.pushed(update.sessionResults(),
                        update.sessionMetadata() != null && Boolean.TRUE.equals(update.sessionMetadata().sampled()));
            }
        }

        @Override
        public void onError(Throwable failure) {
            failed(failure);
        }

        @Override
        public void onComplete() {
            end("CloudWatch ended the live tail session.");
        }
    }
}
