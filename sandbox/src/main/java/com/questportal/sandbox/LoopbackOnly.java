package com.questportal.sandbox;

import com.questportal.sandbox.runtime.AdminJson;
import com.sun.net.httpserver.HttpHandler;
import java.util.Map;

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
                AdminJson.send(exchange, 403, Map.of("message", "the sandbox's admin API answers loopback callers only"));
            }
        };
    }
}
