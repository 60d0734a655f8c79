package com.questportal.sandbox.faults;

import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.BeforeCall;
import com.questportal.sandbox.protocol.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults injected into the sandbox's AWS endpoint, for tests and demonstrations; none by default.
 * Each call checks the rules for its service and operation before it runs: it may wait, and it may
 * fail with the error the real service sends when it throttles, is unavailable, or when the caller's
 * IAM policy does not allow the operation.
 */
public final class Faults implements BeforeCall {

    private record Active(FaultRule rule, AtomicInteger remaining) {
    }

    private final List<Active> rules = new ArrayList<>();

    public synchronized FaultRule add(FaultRule rule) {
        FaultRule withId = rule.id() != null ? rule : new FaultRule(UUID.randomUUID().toString(), rule.service(), rule.operation(),
                rule.latencyMillis(), rule.effect(), rule.rate(), rule.count());
        rules.add(new Active(withId, new AtomicInteger(withId.count() == null ? 0 : withId.count())));
        return withId;
    }

    public synchronized boolean remove(String id) {
        return rules.removeIf(active -> active.rule().id().equals(id));
    }

    public synchronized void clear() {
        rules.clear();
    }

    public synchronized List<Map<String, Object>> list() {
        return rules.stream().map(active -> active.rule().toJson(active.remaining().get())).toList();
    }

    /** Runs before an operation: waits for injected latency, then throws the injected error if this call draws one. */
    @Override
    public void beforeCall(String service, String operation, Protocol protocol) {
        long wait = 0;
        String effect = null;
        synchronized (this) {
            if (rules.isEmpty()) {
                return;
            }
            for (Active active : rules) {
                FaultRule rule = active.rule();
                if (!rule.appliesTo(service, operation)) {
                    continue;
                }
                wait = Math.max(wait, rule.latencyMillis());
                if (effect == null && !rule.effect().equals("none") && draws(active)) {
                    effect = rule.effect();
                }
            }
            rules.removeIf(active -> active.rule().count() != null && active.remaining().get() <= 0);
        }
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (effect != null) {
            throw error(effect, service, operation, protocol);
        }
    }

    private static boolean draws(Active active) {
        if (active.rule().count() != null) {
            return active.remaining().getAndDecrement() > 0;
        }
        return active.rule().rate() >= 1 || ThreadLocalRandom.current().nextDouble() < active.rule().rate();
    }

    /** The error each protocol's services send: JSON services ThrottlingException, query ones (and CloudWatch, query-compatible over CBOR) Throttling, EC2 RequestLimitExceeded. */
    private static AwsServiceException error(String effect, String service, String operation, Protocol protocol) {
        if (effect.equals("denied")) {
            String code = switch (protocol) {
                case JSON_1_1 -> "AccessDeniedException";
                case QUERY, RPC_V2_CBOR -> "AccessDenied";
                case EC2 -> "UnauthorizedOperation";
            };
            return new AwsServiceException(code, "You are not authorized to perform: " + service + ":" + operation
                    + " (denied by the sandbox).", 403);
        }
        if (effect.equals("unavailable")) {
            return new AwsServiceException(protocol == Protocol.JSON_1_1 ? "ServiceUnavailableException" : "ServiceUnavailable",
                    "Service is unavailable (injected by the sandbox).", 503);
        }
        String code = switch (protocol) {
            case JSON_1_1 -> "ThrottlingException";
            case QUERY, RPC_V2_CBOR -> "Throttling";
            case EC2 -> "RequestLimitExceeded";
        };
        return new AwsServiceException(code, "Rate exceeded (injected by the sandbox).", 400);
    }
}
