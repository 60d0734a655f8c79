package com.questportal.portal.status;

import java.time.Instant;
import java.util.List;

/**
 * One round of the quest's checks, asked through an environment's load balancer as a visitor would: each check passed
 * or not, with the quest's own detail (or why there was no answer), and when; and the image tag the quest's
 * {@code /version} answered in the same round (null when it did not), which tells a rollout's checks on the new version
 * from checks still answered by the old one.
 */
public record QuestCheckRound(String url, List<QuestCheck> checks, Instant at, String version) {

    public record QuestCheck(String name, boolean passed, String detail) {
    }

    public QuestCheckRound {
        checks = List.copyOf(checks);
    }

    public long passed() {
        return checks.stream().filter(QuestCheck::passed).count();
    }

    public boolean allPassed() {
        return passed() == checks.size();
    }

    /** Whether every check passed and {@code /version} answered this tag. */
    public boolean allPassedOn(String imageTag) {
        return allPassed() && imageTag != null && imageTag.equals(version);
    }

    /** "5 of 5 ✓", "4 of 5 ✗": the count first, then the symbol, for a list column read at a glance. */
    public String summary() {
        return passed() + " of " + checks.size() + (allPassed() ? " ✓" : " ✗");
    }

    /** "✓ 5 of 5 passing", "✗ 4 of 5 passing": the symbol first, as the panel's other verdicts. */
    public String headline() {
        return (allPassed() ? "✓ " : "✗ ") + passed() + " of " + checks.size() + " passing";
    }
}
