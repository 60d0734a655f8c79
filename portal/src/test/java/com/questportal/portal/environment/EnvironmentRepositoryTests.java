package com.questportal.portal.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/** The Flyway schema on H2 (in PostgreSQL mode, as the portal runs it), validated by Hibernate. */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:environments;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE")
class EnvironmentRepositoryTests {

    @Autowired
    EnvironmentRepository environments;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void migrationCreatedTheTableThatTheEntityMaps() {
        assertThat(jdbc.queryForList("select \"version\" || ' ' || \"description\" from \"flyway_schema_history\""
                + " where \"version\" is not null and \"success\" = true order by \"installed_rank\"", String.class))
                .containsExactly("1 environment", "2 environment settings", "3 audit event", "4 environment tls and scaling", "5 portal user",
                        "6 api token", "7 environment image repository", "8 provisioning", "9 health check path length", "10 sign in lock per address",
                        "11 failed task", "12 operation summary", "13 operation service event",
                        "14 operation image tags", "15 operation ecs deployment", "16 operation cancel", "17 environment logs for viewers",
                        "18 environment scaling metric", "19 portal user disabled", "20 shared status");
    }

    @Test
    void savesAndListsByName() {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        environments.save(new Environment("staging", null, "eu-west-1", now));
        environments.save(new Environment("dev", "laptop", "eu-west-1", now));

        assertThat(environments.findAllByOrderByNameAsc()).extracting(Environment::getName).containsExactly("dev", "staging");
        assertThat(environments.findByName("dev")).hasValueSatisfying(dev -> {
            assertThat(dev.getCreatedAt()).isEqualTo(now);
            assertThat(dev.getVersion()).isZero();
        });
    }

    @Test
    void theDatabaseRefusesTwoEnvironmentsOfOneName() {
        environments.save(new Environment("prod", null, "us-east-1", Instant.now()));

        assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> {
            environments.save(new Environment("prod", null, "eu-west-1", Instant.now()));
            jdbc.execute("select 1");
            environments.findAllByOrderByNameAsc();
        });
    }
}
