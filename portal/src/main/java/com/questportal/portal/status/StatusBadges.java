package com.questportal.portal.status;

import com.questportal.portal.environment.EnvironmentDirectory;
import com.questportal.portal.environment.ServiceHealth;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The environments list's health column, from the poller's readings: no AWS call of its own. */
@Component
class StatusBadges implements ServiceHealth {

    private final EnvironmentDirectory environments;
    private final StatusPoller poller;

    StatusBadges(EnvironmentDirectory environments, StatusPoller poller) {
        this.environments = environments;
        this.poller = poller;
    }

    @Override
    public Map<String, Badge> all() {
        Map<String, Badge> badges = new LinkedHashMap<>();
        Instant now = poller.now();
        for (String name : environments.names()) {
            if (poller.location(name).isEmpty()) {
                continue;
            }
            EnvironmentStatus status = EnvironmentStatus.of(name, null, poller.reading(name).orElse(null), now);
            badges.put(name, new Badge(status.label(), tone(status.health()), status.why(), status.running(), status.pending(),
                    status.desired(), status.runningTags(), status.ageSeconds()));
        }
        return badges;
    }

    private static String tone(String health) {
        return switch (health) {
            case "Healthy" -> "status-ok";
            case "Deploying", "Degraded" -> "status-warn";
            case "Down" -> "status-bad";
            default -> "status-none";
        };
    }
}
