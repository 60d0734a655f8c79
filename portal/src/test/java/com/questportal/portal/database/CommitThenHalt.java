package com.questportal.portal.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Run as its own JVM: commits one row, then dies at once as a {@code kill -9} would leave it. */
public final class CommitThenHalt {

    private CommitThenHalt() {
    }

    public static void main(String[] args) throws SQLException {
        try (Connection connection = DriverManager.getConnection(args[0], "portal", "");
                Statement statement = connection.createStatement()) {
            statement.execute("insert into committed_rows values (1)");
            Runtime.getRuntime().halt(9);
        }
    }
}
