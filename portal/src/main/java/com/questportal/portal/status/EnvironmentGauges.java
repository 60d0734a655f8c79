package com.questportal.portal.status;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * One gauge per environment, tagged with its name: added when an environment appears and removed when it goes, so that
 * the meters grow with environments and never with the people watching.
 */
final class EnvironmentGauges {

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final ToDoubleFunction<String> value;
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

    EnvironmentGauges(MeterRegistry registry, String name, String description, ToDoubleFunction<String> value) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.value = value;
    }

    void keep(Collection<String> environments) {
        environments.forEach(environment -> gauges.computeIfAbsent(environment, key -> Gauge.builder(name, () -> value.applyAsDouble(key))
                .tag("environment", key).description(description).register(registry)));
        gauges.entrySet().removeIf(gauge -> {
            boolean gone = !environments.contains(gauge.getKey());
            if (gone) {
                registry.remove(gauge.getValue());
            }
            return gone;
        });
    }
}
