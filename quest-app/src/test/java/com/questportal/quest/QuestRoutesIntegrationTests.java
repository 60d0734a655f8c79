package com.questportal.quest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every quest route, as a person (HTML) and as the portal (JSON) reads it, against the packaged jar. */
class QuestRoutesIntegrationTests {

    private static final String JSON = "application/json";

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnAwsInAContainerWithTheSecretWord {

        Path containerRoot;
        FakeMetadataEndpoint metadata;
        QuestProcess quest;

        @BeforeAll
        void start() throws Exception {
            containerRoot = Files.createTempDirectory("quest-container-root");
            Files.createFile(containerRoot.resolve(".dockerenv"));
            metadata = new FakeMetadataEndpoint(Duration.ZERO);
            quest = QuestProcess.start(Map.of(
                    "SECRET_WORD", "TwelveFactor",
                    "IMAGE_TAG", "v1.2.3",
                    "QUEST_FILESYSTEM_ROOT", containerRoot.toString(),
                    "ECS_CONTAINER_METADATA_URI_V4", metadata.uri()));
        }

        @AfterAll
        void stop() throws Exception {
            quest.close();
            metadata.close();
            Files.delete(containerRoot.resolve(".dockerenv"));
            Files.delete(containerRoot);
        }

        @Test
        void indexRevealsTheSecretWordAndLinksEveryCheck() throws Exception {
            HttpResponse<String> response = QuestHttp.get(quest.url("/"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(response.body())
                    .contains("The secret word is <strong id=\"secret-word\">TwelveFactor</strong>")
                    .contains("href=\"/docker\"", "href=\"/aws\"", "href=\"/loadbalanced\"", "href=\"/tls\"",
                            "href=\"/secret_word\"")
                    .contains("v1.2.3");
        }

        @ParameterizedTest
        @ValueSource(strings = {"docker", "aws", "loadbalanced", "tls", "secret_word"})
        void eachCheckAnswersAHumanPageByDefault(String check) throws Exception {
            HttpResponse<String> response = QuestHttp.get(quest.url("/" + check), "Accept", "text/html,*/*;q=0.8");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(response.body()).contains("<h1>/" + check + "</h1>").containsAnyOf("Passed", "Not passed");
        }

        @ParameterizedTest
        @ValueSource(strings = {"docker", "aws", "loadbalanced", "tls", "secret_word"})
        void eachCheckAnswersJsonWhenAskedFor(String check) throws Exception {
            HttpResponse<String> response = QuestHttp.get(quest.url("/" + check), "Accept", JSON);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue(JSON);
            assertThat(response.body()).matches("\\{\"check\":\"" + check + "\",\"passed\":(true|false),\"detail\":\".+\"}");
        }

        @Test
        void dockerPassesOnAContainerMarker() throws Exception {
            assertThat(QuestHttp.get(quest.url("/docker"), "Accept", JSON).body())
                    .isEqualTo("{\"check\":\"docker\",\"passed\":true,\"detail\":\"Running in a container: /.dockerenv exists.\"}");
        }

        @Test
        void awsPassesWhenTheTaskMetadataEndpointAnswers() throws Exception {
            assertThat(QuestHttp.get(quest.url("/aws"), "Accept", JSON).body())
                    .contains("\"passed\":true").contains(FakeMetadataEndpoint.TASK_ARN);
        }

        @Test
        void loadBalancedPassesOnlyThroughALoadBalancer() throws Exception {
            assertThat(QuestHttp.get(quest.url("/loadbalanced"), "Accept", JSON, "X-Forwarded-For", "203.0.113.7").body())
                    .isEqualTo("{\"check\":\"loadbalanced\",\"passed\":true,\"detail\":\"X-Forwarded-For: 203.0.113.7\"}");
            assertThat(QuestHttp.get(quest.url("/loadbalanced"), "Accept", JSON).body()).contains("\"passed\":false");
        }

        @Test
        void tlsPassesOnlyWhenTheClientSpokeHttps() throws Exception {
            assertThat(QuestHttp.get(quest.url("/tls"), "Accept", JSON, "X-Forwarded-Proto", "https").body())
                    .contains("\"passed\":true");
            assertThat(QuestHttp.get(quest.url("/tls"), "Accept", JSON, "X-Forwarded-Proto", "http").body())
                    .contains("\"passed\":false");
            assertThat(QuestHttp.get(quest.url("/tls"), "Accept", JSON).body()).contains("\"passed\":false");
        }

        @Test
        void secretWordPassesWithoutEchoingTheValue() throws Exception {
            String body = QuestHttp.get(quest.url("/secret_word"), "Accept", JSON).body();

            assertThat(body).isEqualTo("{\"check\":\"secret_word\",\"passed\":true,"
                    + "\"detail\":\"SECRET_WORD is set and matches the secret word.\"}");
        }

        @Test
        void healthIsUpWhileServing() throws Exception {
            HttpResponse<String> response = QuestHttp.get(quest.url("/health"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
        }

        @Test
        void versionNamesTheImageTagAndTheBuild() throws Exception {
            assertThat(QuestHttp.get(quest.url("/version")).body())
                    .matches("\\{\"imageTag\":\"v1\\.2\\.3\",\"version\":\"[^\"]+\",\"buildTime\":\"\\d{4}-\\d\\d-\\d\\dT[^\"]+Z\"}");
        }

        @Test
        void everyRequestIsOneJsonLineOnStdout() throws Exception {
            QuestHttp.get(quest.url("/loadbalanced?from=log-test"), "X-Forwarded-For", "198.51.100.9");

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(quest.stdout())
                    .anySatisfy(line -> assertThat(line)
                            .startsWith("{\"time\":\"")
                            .contains("\"event\":\"request\",\"method\":\"GET\",\"path\":\"/loadbalanced\",\"status\":200")
                            .contains("\"remote\":\"127.0.0.1\",\"forwardedFor\":\"198.51.100.9\"}")
                            .containsPattern("\"durationMs\":\\d+(\\.\\d+)?")));
            assertThat(quest.stdout().get(0)).contains("\"event\":\"started\"");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnALaptopWithoutTheSecretWord {

        QuestProcess quest;

        @BeforeAll
        void start() throws Exception {
            quest = QuestProcess.start(Map.of("SECRET_WORD", "NotTheWord"));
        }

        @AfterAll
        void stop() throws Exception {
            quest.close();
        }

        @Test
        void dockerDoesNotPassWithoutAMarker() throws Exception {
            assertThat(QuestHttp.get(quest.url("/docker"), "Accept", JSON).body()).contains("\"passed\":false");
        }

        @Test
        void awsDoesNotPassOffAwsAndSendsNothingOffTheMachine() throws Exception {
            assertThat(QuestHttp.get(quest.url("/aws"), "Accept", JSON).body())
                    .contains("\"passed\":false")
                    .contains("ECS_CONTAINER_METADATA_URI_V4 is not set and this machine is not EC2 hardware");
        }

        @Test
        void aWrongSecretWordDoesNotPassAndIsNotEchoed() throws Exception {
            String body = QuestHttp.get(quest.url("/secret_word"), "Accept", JSON).body();

            assertThat(body).contains("\"passed\":false").contains("does not match").doesNotContain("NotTheWord");
        }

        @Test
        void twoQuestsShareOnePortOnTwoLoopbackAddresses() throws Exception {
            try (QuestProcess a = QuestProcess.start(Map.of("BIND_ADDRESS", "127.0.0.7", "PORT", "3917", "IMAGE_TAG", "a"));
                 QuestProcess b = QuestProcess.start(Map.of("BIND_ADDRESS", "127.0.0.8", "PORT", "3917", "IMAGE_TAG", "b"))) {
                assertThat(QuestHttp.get("http://127.0.0.7:3917/version").body()).contains("\"imageTag\":\"a\"");
                assertThat(QuestHttp.get("http://127.0.0.8:3917/version").body()).contains("\"imageTag\":\"b\"");
            }
        }

        @Test
        void theHumanPageSaysNotPassedInWords() throws Exception {
            assertThat(QuestHttp.get(quest.url("/tls")).body()).contains("<strong>Not passed</strong>");
        }

        @Test
        void anImageFlaggedToFailItsHealthCheckServesEverythingButHealth() throws Exception {
            try (QuestProcess failing = QuestProcess.start(Map.of("QUEST_FAIL_HEALTH_CHECK", "true", "IMAGE_TAG", "bad"))) {
                HttpResponse<String> health = QuestHttp.get(failing.url("/health"));

                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).isEqualTo("{\"status\":\"FAILING\"}");
                assertThat(QuestHttp.get(failing.url("/version")).statusCode()).isEqualTo(200);
            }
        }
    }
}
