package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsAsyncClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LimitExceededException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LiveTailSessionLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LiveTailSessionStart;
import software.amazon.awssdk.services.cloudwatchlogs.model.LiveTailSessionUpdate;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartLiveTailResponseHandler;

/** StartLiveTail read by the SDK's own async client, as a caller on AWS would: framing, filtering, the session limit. */
class LiveTailTests {

    private static final String GROUP_ARN = "arn:aws:logs:eu-west-1:000000000000:log-group:live";

    @TempDir
    Path dataDir;
    SandboxFixture fixture;
    CloudWatchLogsClient logs;
    CloudWatchLogsAsyncClient async;

    @BeforeEach
    void start() {
        fixture = SandboxFixture.start(dataDir);
        logs = fixture.logs();
        logs.createLogGroup(r -> r.logGroupName("live"));
        logs.createLogStream(r -> r.logGroupName("live").logStreamName("quest/quest/abc"));
        // StartLiveTail's endpoint has a host prefix ("streaming-"), which an endpoint given by address cannot take.
        async = CloudWatchLogsAsyncClient.builder().endpointOverride(fixture.sandbox.endpoint()).region(SandboxFixture.REGION)
                .credentialsProvider(SandboxFixture.ROOT).httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true).build()).build();
    }

    @AfterEach
    void stop() {
        async.close();
        logs.close();
        fixture.close();
    }

    /** One session: its events in a queue, read by the test's own thread. */
    private static final class Session {
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        CompletableFuture<Void> done;
    }

    private Session open(String filter) {
        Session session = new Session();
        StartLiveTailResponseHandler handler = StartLiveTailResponseHandler.builder()
                .subscriber(StartLiveTailResponseHandler.Visitor.builder()
                        .onSessionStart(session.events::add).onSessionUpdate(session.events::add).build())
                .onError(session.events::add).build();
        session.done = async.startLiveTail(r -> r.logGroupIdentifiers(GROUP_ARN).logEventFilterPattern(filter), handler);
        return session;
    }

    @Test
    void eventsAreStreamedAsTheyArriveWithTheFilterApplied() throws Exception {
        Session session = open("{ $.status = 404 }");
        Object first = session.events.poll(10, TimeUnit.SECONDS);
        assertThat(first).isInstanceOf(LiveTailSessionStart.class);
        assertThat(((LiveTailSessionStart) first).logGroupIdentifiers()).containsExactly(GROUP_ARN);

        long written = System.nanoTime();
        put("{\"status\":404,\"path\":\"/missing\"}", "{\"status\":200,\"path\":\"/\"}", "{\"status\":404,\"path\":\"/gone\"}");
        List<LiveTailSessionLogEvent> received = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (received.size() < 2 && System.nanoTime() < deadline) {
            Object event = session.events.poll(100, TimeUnit.MILLISECONDS);
            if (event instanceof LiveTailSessionUpdate update) {
                received.addAll(update.sessionResults());
                assertThat(update.sessionMetadata().sampled()).isFalse();
            } else if (event instanceof Throwable failure) {
                throw new AssertionError("the session failed", failure);
            }
        }
        long tookMs = Duration.ofNanos(System.nanoTime() - written).toMillis();
        assertThat(received).extracting(LiveTailSessionLogEvent::message)
                .containsExactly("{\"status\":404,\"path\":\"/missing\"}", "{\"status\":404,\"path\":\"/gone\"}");
        assertThat(received).allSatisfy(event -> {
            assertThat(event.logStreamName()).isEqualTo("quest/quest/abc");
            assertThat(event.logGroupIdentifier()).isEqualTo(GROUP_ARN);
            assertThat(event.ingestionTime()).isNotNull();
        });
        assertThat(tookMs).as("from PutLogEvents to the events on the caller, ms").isLessThan(1_000);
        session.done.cancel(true);
    }

    @Test
    void fifteenSessionsAtOnceAndTheSixteenthIsRefused() throws Exception {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            Session session = open("");
            assertThat(session.events.poll(10, TimeUnit.SECONDS)).as("session " + (i + 1)).isInstanceOf(LiveTailSessionStart.class);
            sessions.add(session);
        }
        Session refused = open("");
        assertThatThrownBy(() -> refused.done.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LimitExceededException.class);
        sessions.forEach(session -> session.done.cancel(true));
    }

    @Test
    void anInvalidPatternOrAnUnknownGroupIsRefusedBeforeTheStream() {
        assertThatThrownBy(() -> open("{ $.status = ").done.join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> async.startLiveTail(r -> r.logGroupIdentifiers("arn:aws:logs:eu-west-1:000000000000:log-group:nope"),
                StartLiveTailResponseHandler.builder().subscriber(event -> { }).build()).join())
                .hasCauseInstanceOf(ResourceNotFoundException.class);
    }

    private void put(String... messages) {
        List<InputLogEvent> events = new ArrayList<>();
        for (String message : messages) {
            events.add(InputLogEvent.builder().timestamp(System.currentTimeMillis()).message(message).build());
        }
        logs.putLogEvents(r -> r.logGroupName("live").logStreamName("quest/quest/abc").logEvents(events));
    }
}
