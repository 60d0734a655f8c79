package com.questportal.quest;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The listening quest: Jetty's core server, its threads, the access log and the SIGTERM drain. */
final class QuestServer {

    // Few threads: on a small Fargate task more only add context switches (bench/quest-app measured 4-16 workers).
    private static final int MAX_THREADS = 12;
    private static final int MIN_THREADS = 4;
    /** Above QuestRoutes' own limits, so that QuestRoutes answers 414/431 in words; past it Jetty answers 431 itself. */
    static final int PARSER_MAX_HEADER_BYTES = 256 * 1024;
    /**
     * Every path that is valid URI syntax reaches the routes, which only ever compare it with their own few names:
     * {@code //} or {@code /a/%2F} get the quest's 404, not a refusal before the routes. Malformed encodings stay 400.
     */
    static final UriCompliance ANY_VALID_PATH = UriCompliance.DEFAULT.with("QUEST",
            UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
            UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
            UriCompliance.Violation.AMBIGUOUS_PATH_PARAMETER,
            UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
            UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS);

    private final QuestConfig config;
    private final AccessLog log;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Server server;
    private final ServerConnector connector;

    private QuestServer(QuestConfig config, AccessLog log) {
        this.config = config;
        this.log = log;
        // Otherwise Jetty starts the JMX platform server to learn the reference size, a tenth of the quest's start:
        // a 64-byte cache line holds 16 compressed references (the heap is far below 32 GB).
        System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("quest-http");
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(PARSER_MAX_HEADER_BYTES);
        http.setUriCompliance(ANY_VALID_PATH);
        http.setSendServerVersion(false);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        List<Check> checks = List.of(
                new DockerCheck(config.fileSystemRoot(), config.environment()),
                new AwsCheck(config.fileSystemRoot(), config.environment()),
                new LoadBalancedCheck(),
                new TlsCheck(),
                new SecretWordCheck(config.builtInSecretWord(), config.environment()));
        server.setHandler(new Logged(new QuestRoutes(config, checks, draining::get)));
        server.setErrorHandler(new QuestErrors());
    }

    static QuestServer start(QuestConfig config, AccessLog log) throws IOException {
        QuestServer quest = new QuestServer(config, log);
        try {
            quest.server.start();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the server did not start: " + e.getMessage(), e);
        }
        log.event("started", "port", quest.port(), "imageTag", config.imageTag());
        return quest;
    }

    int port() {
        return connector.getLocalPort();
    }

    /**
     * Turns {@code /health} to 503, keeps serving for the drain delay, closes the listener and
     * returns once every request in flight has been answered, or when the shutdown timeout ends.
     */
    void drainAndStop() {
        Instant deadline = Instant.now().plus(config.shutdownTimeout());
        draining.set(true);
        log.event("shutdown_started", "inFlight", inFlight.get(), "timeoutSeconds", config.shutdownTimeout().toSeconds());
        pauseUntil(earliest(Instant.now().plus(config.drainDelay()), deadline));
        // New connections are refused from here; open ones finish their request and close (draining answers say so).
        connector.close();
        while (inFlight.get() > 0 && Instant.now().isBefore(deadline)) {
            pauseUntil(Instant.now().plusMillis(10));
        }
        log.event("stopped", "abandonedRequests", inFlight.get());
        log.close();
    }

    /** Counts each request until its answer is written, then writes its access-log line. */
    private final class Logged extends Handler.Wrapper {

        Logged(Handler routes) {
            super(routes);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            inFlight.incrementAndGet();
            long started = System.nanoTime();
            // Logged before the count drops, so that the drain never writes "stopped" ahead of a request's line.
            Request.addCompletionListener(request, failure -> {
                log.request(request.getMethod(), request.getHttpURI().getPath(), response.getStatus(),
                        System.nanoTime() - started, Request.getRemoteAddr(request),
                        request.getHeaders().get("X-Forwarded-For"));
                inFlight.decrementAndGet();
            });
            return super.handle(request, response, callback);
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static void pauseUntil(Instant until) {
        long millis = Duration.between(Instant.now(), until).toMillis();
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
