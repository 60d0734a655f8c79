package com.questportal.sandbox;

import com.sun.net.httpserver.HttpHandler;
import java.nio.charset.StandardCharsets;

/** The sandbox's admin paths answer callers on this machine only, even when the endpoint listens more widely. */
final class LoopbackOnly {

    private LoopbackOnly() {
    }

    static HttpHandler wrap(HttpHandler handler) {
        return exchange -> {
            if (exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
                handler.handle(exchange);
                return;
            }
            try (exchange) {
                byte[] body = "{\"message\":\"the sandbox's admin API answers loopback callers only\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(403, body.length);
                exchange.getResponseBody().write(body);
            }
        };
    }
}
