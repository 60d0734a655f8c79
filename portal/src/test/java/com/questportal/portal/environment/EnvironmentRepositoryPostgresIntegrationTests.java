package com.questportal.portal.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.questportal.portal.database.Postgres;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same migrations and mappings on a real PostgreSQL server, as production runs them. */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ExtendWith(Postgres.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnvironmentRepositoryPostgresIntegrationTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.register(registry);
    }

    @Autowired
    EnvironmentRepository environments;

    @Autowired
    JdbcTemplate jdbc;

    @Value("${test.postgres.schema}")
    String schema;

    @AfterAll
    void dropSchema() throws Exception {
        Postgres.dropSchema(schema);
    }

    @Test
    void migrationsRanOnPostgresql() {
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
        assertThat(jdbc.queryForList("select version || ' ' || description from flyway_schema_history"
                + " where version is not null and success order by installed_rank", String.class))
                .containsExactly("1 environment", "2 environment settings", "3 audit event", "4 environment tls and scaling", "5 portal user",
                        "6 api token", "7 environment image repository", "8 provisioning", "9 health check path length", "10 sign in lock per address",
                        "11 failed task", "12 operation summary", "13 operation service event",
                        "14 operation image tags", "15 operation ecs deployment", "16 operation cancel", "17 environment logs for viewers",
                        "18 environment scaling metric", "19 portal user disabled", "20 shared status");
    }

    @Test
    void instantsRoundTripInUtc() {
        Instant at = Instant.parse("2026-11-28T23:59:59.123456Z");
        environments.save(new Environment("prod", "Production", "us-east-1", at));

        assertThat(environments.findByName("prod")).hasValueSatisfying(prod -> assertThat(prod.getUpdatedAt()).isEqualTo(at));
    }

    @Test
    void theDatabaseRefusesTwoEnvironmentsOfOneName() {
        environments.save(new Environment("prod", null, "us-east-1", Instant.now()));

        assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> {
            environments.save(new Environment("prod", null, "eu-west-1", Instant.now()));
            environments.findAllByOrderByNameAsc();
        });
    }
}
