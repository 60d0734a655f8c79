package com.questportal.quest;

import org.eclipse.jetty.http.HttpFields;

/** Passes when the client's connection to the load balancer was TLS, as {@code X-Forwarded-Proto} says. */
final class TlsCheck implements Check {

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public String question() {
        return "Did the client connect over TLS (HTTPS)?";
    }

    @Override
    public CheckResult run(HttpFields requestHeaders) {
        String proto = requestHeaders.get("X-Forwarded-Proto");
        if (proto == null || proto.isBlank()) {
            return new CheckResult(name(), false, "No X-Forwarded-Proto header: the connection was plain HTTP to the quest.");
        }
        boolean https = "https".equalsIgnoreCase(proto.trim());
        return new CheckResult(name(), https, "X-Forwarded-Proto: " + proto.trim());
    }
}
