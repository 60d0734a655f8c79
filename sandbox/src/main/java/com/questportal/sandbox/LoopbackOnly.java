package com.questportal.sandbox;

import com.questportal.sandbox.runtime.AdminJson;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Map;

/**
 * The sandbox's admin paths answer callers on this machine only, even when the endpoint listens more widely: a loopback
 * caller, or one whose address is this machine's own (a process that shares the sandbox's network, as the portal does in
 * docker-compose, and reaches it by its host name).
 */
final class LoopbackOnly {

    private LoopbackOnly() {
    }

    static HttpHandler wrap(HttpHandler handler) {
        return exchange -> {
            if (onThisMachine(exchange.getRemoteAddress().getAddress())) {
                handler.handle(exchange);
                return;
            }
            try (exchange) {
                AdminJson.send(exchange, 403, Map.of("message", "the sandbox's admin API answers callers on its own machine only"));
            }
        };
    }

    static boolean onThisMachine(InetAddress caller) throws IOException {
        return caller.isLoopbackAddress() || NetworkInterface.getByInetAddress(caller) != null;
    }
}
