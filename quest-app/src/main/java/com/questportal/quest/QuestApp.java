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
        try {
            config = QuestConfig.fromEnvironment(System.getenv());
            server = QuestServer.start(config, log);
        } catch (IllegalArgumentException | IOException e) {
            log.event("start_failed", "reason", e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::drainAndStop, "quest-shutdown"));
    }
}
