package com.questportal.portal.startup;

import com.questportal.portal.system.HomeRegion;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The settings checked before anything starts, so that a wrong one ends the start with a sentence naming it rather than a
 * stack trace from deep inside: AWS mode's region and its contradictions, and a database server that does not answer
 * within {@code portal.database.wait} (a server started alongside, as docker-compose does, gets that long to come up).
 * An AWS endpoint that cannot be reached does not stop the start: the pages say so, and it may come back.
 */
class StartChecks implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final Duration DEFAULT_DATABASE_WAIT = Duration.ofSeconds(30);

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment settings = event.getEnvironment();
        if ("aws".equalsIgnoreCase(settings.getProperty("portal.mode", "sandbox").trim())) {
            checkAwsMode(settings);
        }
        String url = settings.getProperty("spring.datasource.url", "");
        if (url.startsWith("jdbc:postgresql:")) {
            DatabaseWait.until(url, settings.getProperty("spring.datasource.username"), settings.getProperty("spring.datasource.password"),
                    settings.getProperty("portal.database.wait", Duration.class, DEFAULT_DATABASE_WAIT));
        }
    }

    private static void checkAwsMode(ConfigurableEnvironment settings) {
        if (!settings.getProperty("portal.sandbox.endpoint", "").isBlank()) {
            throw new StartRefused("portal.mode is aws but portal.sandbox.endpoint (PORTAL_SANDBOX_ENDPOINT) is set, and the"
                    + " two contradict each other: AWS mode never calls a sandbox.",
                    "Remove PORTAL_SANDBOX_ENDPOINT; to point AWS mode at an AWS-compatible endpoint, set AWS_ENDPOINT_URL instead.");
        }
        if (HomeRegion.configured().isEmpty()) {
            throw new StartRefused("portal.mode is aws but no AWS region is set: the portal needs its own region, where new"
                    + " environments start.",
                    "Set AWS_REGION (for example AWS_REGION=eu-west-1), or a region in the AWS_PROFILE's section of ~/.aws/config.");
        }
    }

    /** Connects until the server answers or the wait is over; a server that refuses the user fails at once. */
    static final class DatabaseWait {

        private DatabaseWait() {
        }

        static void until(String url, String user, String password, Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            SQLException last;
            do {
                try (Connection connection = DriverManager.getConnection(url, user, password)) {
                    return;
                } catch (SQLException e) {
                    last = e;
                    if (refusedTheUser(e)) {
                        throw new StartRefused("The database at " + shown(url) + " refused the portal's user " + user + ": "
                                + sentence(e), "Check spring.datasource.username and spring.datasource.password"
                                + " (SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD).");
                    }
                }
                pause();
            } while (System.nanoTime() < deadline);
            throw new StartRefused("The portal could not reach its database at " + shown(url) + " (spring.datasource.url,"
                    + " SPRING_DATASOURCE_URL) within " + wait.toSeconds() + " s: " + sentence(last),
                    "Start the database server or correct SPRING_DATASOURCE_URL; PORTAL_DATABASE_WAIT sets how long the portal waits for it.");
        }

        /** Invalid authorization (28) and an unknown database (3D000) will not mend by waiting. */
        private static boolean refusedTheUser(SQLException e) {
            String state = e.getSQLState();
            return state != null && (state.startsWith("28") || state.equals("3D000"));
        }

        /** The driver's first sentence, which says what happened; the rest is advice ours replaces. */
        private static String sentence(SQLException e) {
            String message = String.valueOf(e.getMessage());
            int end = message.indexOf(". ");
            return (end < 0 ? message : message.substring(0, end)).replaceAll("\\.$", "") + ".";
        }

        /** The URL without its parameters, which may carry a password. */
        private static String shown(String url) {
            int parameters = url.indexOf('?');
            return parameters < 0 ? url : url.substring(0, parameters);
        }

        private static void pause() {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartRefused("The start was interrupted while waiting for the database.", "Start the portal again.");
            }
        }
    }
}
