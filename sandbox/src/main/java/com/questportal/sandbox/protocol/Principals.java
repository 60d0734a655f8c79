package com.questportal.sandbox.protocol;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Every key the sandbox accepts, by access key id. */
public final class Principals {

    private final Map<String, Principal> byAccessKey = new ConcurrentHashMap<>();

    public Principals(Principal root) {
        byAccessKey.put(root.accessKeyId(), root);
    }

    public void add(Principal principal) {
        byAccessKey.put(principal.accessKeyId(), principal);
    }

    public Optional<Principal> find(String accessKeyId) {
        return Optional.ofNullable(byAccessKey.get(accessKeyId));
    }
}
