package com.questportal.portal.system;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Which portal instance does the work that must run once — following operations in CloudFormation, reading every
 * environment's service, asking the quest's checks, ending interrupted plans — when several share one PostgreSQL: the
 * one holding a PostgreSQL session advisory lock, on a connection kept for it. The server releases the lock when that
 * session ends, so when the holder dies (a stop, a crash, {@code kill -9}) another instance takes it at its next try,
 * every {@code portal.lease.check-interval} (1 s); the holder checks its session as often and stops working the moment
 * it is gone. The lock is keyed by the schema, so that portals on other schemas of the same database never contend.
 * On H2, the embedded default, only one process can open the database, and it always holds the lease.
 */
@Component
public class BackgroundLease implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BackgroundLease.class);
    private static final String KEY = "hashtext('quest-portal background work ' || current_schema()), 0";

    private final DataSource dataSource;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName();
    private final boolean shared;
    private volatile boolean held;
    private Connection session;

    BackgroundLease(DataSource dataSource, MeterRegistry meters) throws SQLException {
        this.dataSource = dataSource;
        try (Connection connection = dataSource.getConnection()) {
            this.shared = connection.getMetaData().getDatabaseProductName().equalsIgnoreCase("PostgreSQL");
        }
        held = !shared;
        Gauge.builder("portal.lease.held", () -> held ? 1 : 0)
                .description("1 while this instance does the background work that runs once (operations, status, checks)").register(meters);
        if (shared) {
            tryToHold();
        }
    }

    /** Whether this instance does the work that runs once. */
    public boolean held() {
        return held;
    }

    /** Whether other instances may share the database, so that what the holder reads must be shared through it. */
    public boolean shared() {
        return shared;
    }

    @Scheduled(initialDelayString = "${portal.lease.check-interval:PT1S}", fixedDelayString = "${portal.lease.check-interval:PT1S}")
    synchronized void tryToHold() {
        if (!shared) {
            return;
        }
        try {
            if (held) {
                if (!session.isValid(2)) {
                    lose("its database session ended");
                }
                return;
            }
            if (session == null || !session.isValid(2)) {
                closeSession();
                session = dataSource.getConnection();
                session.setAutoCommit(true);
            }
            try (PreparedStatement statement = session.prepareStatement("select pg_try_advisory_lock(" + KEY + ")");
                 ResultSet result = statement.executeQuery()) {
                if (result.next() && result.getBoolean(1)) {
                    held = true;
                    log.info("event=lease_taken instance={} work=\"operations, status, quest checks, plan sweep\"", instance);
                }
            }
        } catch (SQLException e) {
            lose(e.getMessage());
        }
    }

    private void lose(String why) {
        if (held) {
            log.warn("event=lease_lost instance={} why=\"{}\"", instance, why);
        }
        held = false;
        closeSession();
    }

    /** Ends the session itself, not only its loan from the pool: a pooled session would keep the lock. */
    private void closeSession() {
        if (session != null) {
            try {
                session.abort(Runnable::run);
                // Back to the pool, which finds it closed and replaces it.
                session.close();
            } catch (SQLException alreadyGone) {
                // The session is being let go because it failed; ending it again says nothing new.
            }
            session = null;
        }
    }

    @Override
    public synchronized void destroy() {
        held = false;
        closeSession();
    }
}
