package com.questportal.portal.logs;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsAsyncClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LimitExceededException;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartLiveTailResponseHandler;

/**
 * Live tail sessions someone other than the portal holds (the console, a script), opened with the SDK's own async client: to
 * leave the portal fewer of the 15 an account has in a region, or none. A session that ended a moment ago may still count for
 * the sandbox until it next writes to the closed connection, so a refusal is tried again for a while.
 */
final class LiveTailSessions implements AutoCloseable {

    private final CloudWatchLogsAsyncClient client;
    private final List<CompletableFuture<Void>> sessions = new ArrayList<>();

    private LiveTailSessions(CloudWatchLogsAsyncClient client) {
        this.client = client;
    }

    static LiveTailSessions hold(URI sandbox, String group, int count) throws Exception {
        LiveTailSessions held = new LiveTailSessions(CloudWatchLogsAsyncClient.builder().endpointOverride(sandbox).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .overrideConfiguration(override -> override.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build());
        String arn = "arn:aws:logs:eu-west-1:000000000000:log-group:" + group;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (held.sessions.size() < count) {
            CompletableFuture<Object> started = new CompletableFuture<>();
            CompletableFuture<Void> session = held.client.startLiveTail(r -> r.logGroupIdentifiers(arn), StartLiveTailResponseHandler.builder()
                    .subscriber(StartLiveTailResponseHandler.Visitor.builder().onSessionStart(started::complete).build())
                    .onError(started::completeExceptionally).build());
            try {
                started.get(10, TimeUnit.SECONDS);
                held.sessions.add(session);
            } catch (ExecutionException refused) {
                if (!(refused.getCause() instanceof LimitExceededException) || System.nanoTime() > deadline) {
                    held.close();
                    throw new IllegalStateException("could not hold " + count + " live tail sessions", refused.getCause());
                }
                Thread.sleep(500);
            }
        }
        return held;
    }

    @Override
    public void close() {
        sessions.forEach(session -> session.cancel(true));
        client.close();
    }
}
