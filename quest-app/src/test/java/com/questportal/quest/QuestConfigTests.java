package com.questportal.quest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuestConfigTests {

    @Test
    void defaults() {
        QuestConfig config = QuestConfig.fromEnvironment(Map.of());

        assertThat(config.port()).isEqualTo(3000);
        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.imageTag()).isEqualTo("dev");
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.drainDelay()).isZero();
        assertThat(config.builtInSecretWord()).isEqualTo("TwelveFactor");
    }

    @Test
    void portMustBeANumberInRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> QuestConfig.fromEnvironment(Map.of("PORT", "http")))
                .withMessage("PORT must be a whole number, was 'http'");
        assertThatIllegalArgumentException().isThrownBy(() -> QuestConfig.fromEnvironment(Map.of("PORT", "70000")))
                .withMessage("PORT must be between 0 and 65535, was 70000");
    }

    @Test
    void shutdownTimeoutMustBePositive() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> QuestConfig.fromEnvironment(Map.of("SHUTDOWN_TIMEOUT_SECONDS", "0")));
    }
}
