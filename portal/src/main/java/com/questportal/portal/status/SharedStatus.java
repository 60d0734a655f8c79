package com.questportal.portal.status;

import com.questportal.portal.system.BackgroundLease;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the instance holding the background lease read of each environment, in the database for the other instances on
 * it: they show the same service and checks without asking AWS themselves, so that AWS calls depend on the number of
 * environments, not on the number of portal instances. Nothing is written on H2, where no other instance can look.
 */
@Component
class SharedStatus {

    /** A service reading as shared: the snapshot (null before the first good read) and the newest problem. */
    record SharedReading(ServiceSnapshot snapshot, String problem, Instant problemAt) {
    }

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final BackgroundLease lease;

    SharedStatus(JdbcTemplate jdbc, JsonMapper json, BackgroundLease lease) {
        this.jdbc = jdbc;
        this.json = json;
        this.lease = lease;
    }

    void recordReading(String name, StatusPoller.Reading reading) {
        if (lease.shared()) {
            upsert(name, "service_reading", json.writeValueAsString(new SharedReading(reading.snapshot(), reading.problem(), reading.problemAt())));
        }
    }

    void recordQuestChecks(String name, QuestCheckRound round) {
        if (lease.shared()) {
            upsert(name, "quest_checks", json.writeValueAsString(round));
        }
    }

    void forget(String name) {
        if (lease.shared()) {
            jdbc.update("delete from shared_status where environment_name = ?", name);
        }
    }

    /** Every environment's shared service reading, by name. */
    Map<String, SharedReading> readings() {
        return column("service_reading", SharedReading.class);
    }

    /** Every environment's shared round of the quest's checks, by name. */
    Map<String, QuestCheckRound> questChecks() {
        return column("quest_checks", QuestCheckRound.class);
    }

    private <T> Map<String, T> column(String column, Class<T> type) {
        Map<String, T> all = new HashMap<>();
        jdbc.query("select environment_name, " + column + " from shared_status where " + column + " is not null",
                (RowCallbackHandler) row -> all.put(row.getString(1), json.readValue(row.getString(2), type)));
        return all;
    }

    private void upsert(String name, String column, String value) {
        String update = "update shared_status set " + column + " = ? where environment_name = ?";
        if (jdbc.update(update, value, name) == 0) {
            try {
                jdbc.update("insert into shared_status (environment_name, " + column + ") values (?, ?)", name, value);
            } catch (DuplicateKeyException insertedMeanwhile) {
                // Another instance's check round made the row a moment ago.
                jdbc.update(update, value, name);
            }
        }
    }
}
