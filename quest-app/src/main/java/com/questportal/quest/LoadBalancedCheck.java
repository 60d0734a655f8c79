package com.questportal.quest;

import org.eclipse.jetty.http.HttpFields;

/** Passes when the request came through a load balancer, which adds {@code X-Forwarded-For}. */
final class LoadBalancedCheck implements Check {

    @Override
    public String name() {
        return "loadbalanced";
    }

    @Override
    public String question() {
        return "Did this request come through a load balancer?";
    }

    @Override
    public CheckResult run(HttpFields requestHeaders) {
        String forwardedFor = requestHeaders.get("X-Forwarded-For");
        if (forwardedFor == null || forwardedFor.isBlank()) {
            return new CheckResult(name(), false, "No X-Forwarded-For header: the request reached the quest directly.");
        }
        return new CheckResult(name(), true, "X-Forwarded-For: " + forwardedFor.trim());
    }
}
