package com.questportal.sandbox.runtime;

import com.questportal.sandbox.state.JsonValues;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;

/** Reading and answering the JSON of the sandbox's own admin paths ({@code /_sandbox/...}), which are not AWS APIs. */
public final class AdminJson {

    /** Admin requests are small: a fault rule, an image to publish. */
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private AdminJson() {
    }

    /** The request body as a JSON object; anything else is an {@link IllegalArgumentException} the caller answers with 400. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObject(HttpExchange exchange) throws IOException {
        Object parsed;
        try {
            parsed = JsonValues.read(exchange.getRequestBody().readNBytes(MAX_BODY_BYTES));
        } catch (RuntimeException notJson) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        return (Map<String, Object>) parsed;
    }

    public static void send(HttpExchange exchange, int status, Object json) throws IOException {
        byte[] body = JsonValues.write(json);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
