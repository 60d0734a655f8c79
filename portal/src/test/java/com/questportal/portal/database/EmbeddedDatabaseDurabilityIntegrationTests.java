package com.questportal.portal.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default's database URL, exactly as {@code application.properties} gives it: a row
 * committed just before the process is killed is still there afterwards. Operations are rows
 * written before the AWS call they record, so a lost commit would be a lost operation.
 */
class EmbeddedDatabaseDurabilityIntegrationTests {

    private static final int KILLS = 3;

    @TempDir
    Path dataDir;

    @Test
    void aCommitSurvivesTheProcessBeingKilledRightAfterIt() throws Exception {
        String url = configuredUrl().replace("${portal.data-dir}", dataDir.toString());
        execute(url, "create table committed_rows (id int)");

        for (int kill = 0; kill < KILLS; kill++) {
            Process child = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), CommitThenHalt.class.getName(), url)
                    .redirectErrorStream(true).start();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as(new String(child.getInputStream().readAllBytes())).isEqualTo(9);
        }

        assertThat(committedRows(url)).as("every row committed before a kill").isEqualTo(KILLS);
    }

    private static String configuredUrl() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = EmbeddedDatabaseDurabilityIntegrationTests.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        String url = properties.getProperty("spring.datasource.url");
        assertThat(url).startsWith("jdbc:h2:file:${portal.data-dir}/");
        return url;
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "portal", ""); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int committedRows(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "portal", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from committed_rows")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
