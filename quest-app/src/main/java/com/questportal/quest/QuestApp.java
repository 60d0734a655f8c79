package com.questportal.quest;

import java.io.IOException;

/** Starts the quest on {@code PORT} and drains it on SIGTERM. */
public final class QuestApp {

    private QuestApp() {
    }

    public static void main(String[] args) {
        AccessLog log = AccessLog.toStdout();
        QuestConfig config;
        QuestServer server;
        if ("true".equalsIgnoreCase(System.getenv("QUEST_CRASH_AT_START"))) {
            // An image published with this flag fails on purpose, so that failure paths (circuit breaker, rollback) can be shown.
            log.event("start_failed", "reason", "QUEST_CRASH_AT_START is set: this image fails at start on purpose");
            log.close();
            System.exit(1);
            return;
        }
        try {
            config = QuestConfig.fromEnvironment(System.getenv());
            server = QuestServer.start(config, log);
        } catch (IllegalArgumentException | IOException e) {
            log.event("start_failed", "reason", e.getMessage());
            log.close();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::drainAndStop, "quest-shutdown"));
    }
}
