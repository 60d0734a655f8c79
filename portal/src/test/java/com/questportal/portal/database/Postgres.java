package com.questportal.portal.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL server for repository tests: {@code @ExtendWith(Postgres.class)} and
 * {@link #register} in a {@code @DynamicPropertySource}. Each test class gets a schema of its own.
 * Outside CI a machine without a server skips these tests and says why; in CI they run and fail.
 * The server is {@code PORTAL_TEST_POSTGRES_URL} (default {@value #DEFAULT_URL}, user and password
 * {@code portal}), which {@code .ci/run} starts.
 */
public final class Postgres implements ExecutionCondition {

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/portal";

    private static final String URL = System.getenv().getOrDefault("PORTAL_TEST_POSTGRES_URL", DEFAULT_URL);
    private static final String USER = System.getenv().getOrDefault("PORTAL_TEST_POSTGRES_USER", "portal");
    private static final String PASSWORD = System.getenv().getOrDefault("PORTAL_TEST_POSTGRES_PASSWORD", "portal");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD)) {
            return ConditionEvaluationResult.enabled("PostgreSQL " + connection.getMetaData().getDatabaseProductVersion());
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                return ConditionEvaluationResult.enabled("CI must run PostgreSQL tests; the server did not answer");
            }
            return ConditionEvaluationResult.disabled("PostgreSQL test skipped: no server at " + URL + " (" + e.getMessage()
                    + "). Start one as .ci/run does to run it.");
        }
    }

    /** Points the test's data source and Flyway at a fresh schema on the server. */
    public static void register(DynamicPropertyRegistry registry) {
        String schema = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        registry.add("spring.datasource.url", () -> URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        registry.add("spring.datasource.username", () -> USER);
        registry.add("spring.datasource.password", () -> PASSWORD);
        registry.add("spring.flyway.schemas", () -> schema);
        registry.add("spring.flyway.create-schemas", () -> "true");
        registry.add("test.postgres.schema", () -> schema);
    }

    /** The server's URL with a schema of its own, made now, for a process the test starts. */
    public static String url(String schema) throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("create schema if not exists " + schema);
        }
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public static String user() {
        return USER;
    }

    public static String password() {
        return PASSWORD;
    }

    /** Drops a schema that {@link #register} or {@link #url} made. */
    public static void dropSchema(String schema) throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        }
    }
}
