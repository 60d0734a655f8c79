package com.questportal.portal.status;

import com.questportal.portal.environment.ServiceHealth;
import com.questportal.portal.environment.StackSummaries;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The environments list's health column, from the poller's readings: no AWS call of its own. */
@Component
class StatusBadges implements ServiceHealth {

    private final StatusPoller poller;
    private final QuestChecks questChecks;

    StatusBadges(StatusPoller poller, QuestChecks questChecks) {
        this.poller = poller;
        this.questChecks = questChecks;
    }

    /** No read of its own: the list hands over the stacks it already read, and the poller's readings are in memory. */
    @Override
    public Map<String, Badge> of(Map<String, StackSummaries.StackSummary> stacks) {
        Map<String, Badge> badges = new LinkedHashMap<>();
        Instant now = poller.now();
        stacks.forEach((name, stack) -> {
            if (StatusPoller.hasService(stack)) {
                EnvironmentStatus status = EnvironmentStatus.of(name, null, poller.reading(name).orElse(null), now);
                badges.put(name, new Badge(status.label(), status.tone(), status.why(), status.running(), status.pending(),
                        status.desired(), status.runningTags(), status.ageSeconds(),
                        questChecks.latest(name).map(QuestCheckRound::summary).orElse(null)));
            }
        });
        return badges;
    }
}
