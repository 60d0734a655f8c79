package com.questportal.portal.status;

import com.questportal.portal.system.BackgroundLease;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
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

    /** What the database holds for one environment; either part may be null. */
    record Shared(SharedReading reading, QuestCheckRound questChecks) {
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

    /** Every environment's shared status, by name. */
    Map<String, Shared> all() {
        Map<String, Shared> all = new HashMap<>();
        jdbc.query("select environment_name, service_reading, quest_checks from shared_status", row -> {
            String reading = row.getString("service_reading");
            String checks = row.getString("quest_checks");
            all.put(row.getString("environment_name"), new Shared(reading == null ? null : json.readValue(reading, SharedReading.class),
                    checks == null ? null : json.readValue(checks, QuestCheckRound.class)));
        });
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
