package com.questportal.quest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** The listening quest: the JDK server, its worker pool, the access log and the SIGTERM drain. */
final class QuestServer {

    // Few workers: on a small Fargate task more threads only add context switches (bench/quest-app measured 4-16).
    private static final int WORKERS = 8;
    static final int PARSER_MAX_HEADERS = 1000;
    static final int PARSER_MAX_HEADER_BYTES = 256 * 1024;

    private final QuestConfig config;
    private final AccessLog log;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ThreadPoolExecutor workers;
    private final HttpServer server;

    private QuestServer(QuestConfig config, AccessLog log) throws IOException {
        this.config = config;
        this.log = log;
        // Without it, a header write and a body write on a keep-alive connection meet Nagle and delayed ACK: 40 ms stalls.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // The JDK drops a connection without a status past its own header limits: keep them above ours so that
        // QuestRoutes answers 414/431 in words; only requests past these bounds are refused by a reset.
        System.setProperty("sun.net.httpserver.maxReqHeaders", String.valueOf(PARSER_MAX_HEADERS));
        System.setProperty("sun.net.httpserver.maxReqHeaderSize", String.valueOf(PARSER_MAX_HEADER_BYTES));
        this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024),
                runnable -> {
                    Thread thread = new Thread(runnable, "quest-http");
                    thread.setDaemon(true);
                    return thread;
                });
        this.server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 1024);
        List<Check> checks = List.of(
                new DockerCheck(config.fileSystemRoot(), config.environment()),
                new AwsCheck(config.fileSystemRoot(), config.environment()),
                new LoadBalancedCheck(),
                new TlsCheck(),
                new SecretWordCheck(config.builtInSecretWord(), config.environment()));
        server.createContext("/", logged(new QuestRoutes(config, checks, draining::get)));
        server.setExecutor(workers);
    }

    static QuestServer start(QuestConfig config, AccessLog log) throws IOException {
        QuestServer quest = new QuestServer(config, log);
        quest.server.start();
        log.event("started", "port", quest.port(), "imageTag", config.imageTag());
        return quest;
    }

    int port() {
        return server.getAddress().getPort();
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
        // JDK 17's stop(delay) also waits out idle keep-alive connections, so it runs aside while we watch our own count.
        Thread listenerStop = new Thread(() -> server.stop((int) Math.max(0, secondsLeft(deadline))), "quest-listener-stop");
        listenerStop.setDaemon(true);
        listenerStop.start();
        while (isBusy() && Instant.now().isBefore(deadline)) {
            pauseUntil(Instant.now().plusMillis(10));
        }
        log.event("stopped", "abandonedRequests", inFlight.get() + workers.getQueue().size());
        log.close();
    }

    private boolean isBusy() {
        return inFlight.get() > 0 || !workers.getQueue().isEmpty();
    }

    private HttpHandler logged(HttpHandler routes) {
        return exchange -> {
            inFlight.incrementAndGet();
            long started = System.nanoTime();
            try {
                routes.handle(exchange);
            } finally {
                // Logged before the count drops, so that the drain never writes "stopped" ahead of a request's line.
                logRequest(exchange, System.nanoTime() - started);
                inFlight.decrementAndGet();
            }
        };
    }

    private void logRequest(HttpExchange exchange, long durationNanos) {
        log.request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), exchange.getResponseCode(), durationNanos,
                exchange.getRemoteAddress().getAddress().getHostAddress(),
                exchange.getRequestHeaders().getFirst("X-Forwarded-For"));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static long secondsLeft(Instant deadline) {
        return Duration.between(Instant.now(), deadline).toSeconds();
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
