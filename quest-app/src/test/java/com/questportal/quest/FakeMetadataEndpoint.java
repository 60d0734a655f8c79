package com.questportal.quest;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/** A local stand-in for the ECS task metadata endpoint v4, optionally slow. */
final class FakeMetadataEndpoint implements AutoCloseable {

    static final String TASK_ARN = "arn:aws:ecs:eu-west-1:000000000000:task/quest/0123456789abcdef";

    private final HttpServer server;
    final CountDownLatch asked = new CountDownLatch(1);

    FakeMetadataEndpoint(Duration delay) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v4/task", exchange -> {
            asked.countDown();
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ("{\"Cluster\":\"quest\",\"TaskARN\":\"" + TASK_ARN + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v4";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
