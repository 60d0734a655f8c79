package com.questportal.portal.api;

import static com.questportal.portal.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.portal.security.ApiTokens;
import com.questportal.portal.security.Role;
import com.questportal.sandbox.Sandbox;
import com.questportal.sandbox.faults.FaultRule;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import tools.jackson.databind.JsonNode;

/** The JSON API over real HTTP with bearer tokens, against H2 and the in-process sandbox's SSM and STS. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.main.banner-mode=off")
@ExtendWith(OutputCaptureExtension.class)
class EnvironmentApiIntegrationTests {

    static final String SECRET = "Rumpelstiltskin-42";

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Sandbox sandbox;
    SsmClient ssm;
    ApiClient admin;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    @BeforeEach
    void setUp() {
        admin = new ApiClient(port, tokens.issue("ci-admin", Role.ADMIN, null, null, "test").value());
        ssm = SsmClient.builder().endpointOverride(sandbox.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterEach
    void clean() {
        sandbox.faults().clear();
        jdbc.update("delete from environment");
        jdbc.update("delete from audit_event");
        jdbc.update("delete from api_token");
        ssm.describeParametersPaginator(r -> r.maxResults(50)).stream().flatMap(page -> page.parameters().stream())
                .forEach(parameter -> ssm.deleteParameter(r -> r.name(parameter.name())));
        ssm.close();
    }

    static String body(String name) {
        return body(name, "10.1.0.0/16", 3);
    }

    static String body(String name, String vpcCidr, int desiredCount) {
        return """
                {"name":"%s","description":"Team sandbox","owner":"platform","region":"eu-west-1","accountId":"","roleArn":"",
                 "vpcCidr":"%s","allowedClientCidr":"0.0.0.0/0","containerPort":3000,"imageTag":"v1","taskSize":"512/1024",
                 "desiredCount":%d,"healthCheckPath":"/health","logRetentionDays":30,"certificateArn":"","autoScaling":false,
                 "secretWord":"%s"}""".formatted(name, vpcCidr, desiredCount, SECRET);
    }

    private int rows() {
        return jdbc.queryForObject("select count(*) from environment", Integer.class);
    }

    @Test
    void theApiReadsJsonStrictlyAndNeverNamesItsOwnClasses() {
        HttpResponse<String> duplicate = admin.post("/api/v1/environments", body("dev").replaceFirst("\\{", "{\"name\":\"prod\","));
        assertThat(duplicate.statusCode()).as(duplicate.body()).isEqualTo(400);
        assertThat(duplicate.body()).contains("Duplicate");

        HttpResponse<String> fraction = admin.post("/api/v1/environments", body("dev").replace("\"containerPort\":3000", "\"containerPort\":3000.5"));
        assertThat(fraction.statusCode()).as(fraction.body()).isEqualTo(422);
        assertThat(fraction.body()).contains("containerPort");

        HttpResponse<String> array = admin.post("/api/v1/environments", "[]");
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(array.body()).contains("one JSON object").doesNotContain("com.questportal", "EnvironmentForm");

        HttpResponse<String> wildcard = admin.post("/api/v1/environments", body("dev"), "*/*");
        assertThat(wildcard.statusCode()).as(wildcard.body()).isEqualTo(415);
        assertThat(wildcard.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(rows()).isZero();

        String longName = "n".repeat(300);
        for (HttpResponse<String> refused : List.of(admin.post("/api/v1/environments/" + longName + "/plans", ""),
                admin.send("DELETE", "/api/v1/environments/" + longName + "/stack?confirm=" + longName, null),
                admin.post("/api/v1/environments/" + longName + "/drift", ""))) {
            assertThat(refused.statusCode()).as("a name longer than any environment's: " + refused.body()).isEqualTo(404);
            assertThat(refused.body()).doesNotContain("com.questportal", "Exception");
        }
    }

    @Test
    void createListGetUpdateAndDeleteThroughHttpWithABearerToken() {
        HttpResponse<String> created = admin.post("/api/v1/environments", body("dev"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/environments/dev");
        assertThat(created.headers().firstValue("ETag")).hasValue("\"0\"");
        assertThat(json(created).get("stackName").asString()).isEqualTo("quest-dev");
        assertThat(json(created).get("imageRepository").asString()).as("the shared repository when none is named").isEqualTo("quest");
        assertThat(created.body()).doesNotContain(SECRET);
        assertThat(ssm.getParameter(r -> r.name("/quest/dev/secret_word").withDecryption(true)).parameter().value()).isEqualTo(SECRET);

        HttpResponse<String> list = admin.get("/api/v1/environments");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).findValuesAsString("name")).containsExactly("dev");

        HttpResponse<String> one = admin.get("/api/v1/environments/dev");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.headers().firstValue("ETag")).hasValue("\"0\"");
        JsonNode dev = json(one);
        assertThat(dev.get("secretWord").asString()).isEqualTo("set");
        assertThat(dev.get("desiredCount").asInt()).isEqualTo(3);
        assertThat(dev.get("createdBy").asString()).isEqualTo("token:ci-admin");

        HttpResponse<String> updated = admin.put("/api/v1/environments/dev", body("dev", "10.1.0.0/16", 5), "\"0\"");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(updated.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(json(updated).get("desiredCount").asInt()).isEqualTo(5);

        HttpResponse<String> stale = admin.put("/api/v1/environments/dev", body("dev", "10.1.0.0/16", 7), "\"0\"");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(stale).get("detail").asString()).contains("Someone changed this environment");
        HttpResponse<String> withoutIfMatch = admin.put("/api/v1/environments/dev", body("dev", "10.1.0.0/16", 7), null);
        assertThat(withoutIfMatch.statusCode()).isEqualTo(428);
        assertThat(json(withoutIfMatch).get("detail").asString()).contains("Send the ETag you got from GET as If-Match");
        assertThat(admin.put("/api/v1/environments/dev", body("dev", "10.1.0.0/16", 7), "*").statusCode()).isEqualTo(400);
        assertThat(admin.put("/api/v1/environments/dev", body("dev", "10.1.0.0/16", 7), "\"9999999999999999999\"").statusCode())
                .as("a version past the largest the database holds").isEqualTo(400);
        assertThat(jdbc.queryForObject("select desired_count from environment where name = 'dev'", Integer.class))
                .as("neither refused change was written").isEqualTo(5);

        assertThat(admin.delete("/api/v1/environments/dev", "\"0\"").statusCode()).as("a stale delete").isEqualTo(412);
        assertThat(admin.delete("/api/v1/environments/dev", "\"1\"").statusCode()).isEqualTo(204);
        HttpResponse<String> gone = admin.get("/api/v1/environments/dev");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json(gone).get("detail").asString()).isEqualTo("There is no environment named dev.");
        assertThat(rows()).isZero();
        assertThat(jdbc.queryForList("select action || ' ' || outcome || ' ' || actor from audit_event order by id", String.class))
                .containsExactly("environment.create SUCCEEDED token:ci-admin", "secret-word.set SUCCEEDED token:ci-admin",
                        "environment.update SUCCEEDED token:ci-admin", "secret-word.set SUCCEEDED token:ci-admin",
                        "environment.update REFUSED token:ci-admin", "environment.delete REFUSED token:ci-admin",
                        "environment.delete SUCCEEDED token:ci-admin");
    }

    @Test
    void aBadCidrIsA422ProblemWithTheFieldAndItsMessageAndNothingIsWritten() {
        HttpResponse<String> refused = admin.post("/api/v1/environments", body("dev", "10.0.0.0/33", 3));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(refused);
        assertThat(problem.get("status").asInt()).isEqualTo(422);
        assertThat(problem.get("title").asString()).isEqualTo("Invalid request");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/environments");
        assertThat(problem.get("errors")).hasSize(1);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("vpcCidr");
        assertThat(problem.get("errors").get(0).get("message").asString()).startsWith("This is not an IPv4 CIDR block");
        assertThat(refused.body()).doesNotContain(SECRET);
        assertThat(rows()).isZero();
        assertThatNoSecretWord("dev");
    }

    @Test
    void bodiesThatAreNotAnEnvironmentAreRefusedInWords() {
        HttpResponse<String> notJson = admin.post("/api/v1/environments", "{\"name\": \"dev\", " + SECRET);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("detail").asString()).startsWith("The body is not valid JSON");

        HttpResponse<String> unknownField = admin.post("/api/v1/environments", body("dev").replace("\"owner\"", "\"ownr\""));
        assertThat(unknownField.statusCode()).isEqualTo(422);
        assertThat(json(unknownField).get("errors").get(0).get("message").asString()).isEqualTo("There is no field named ownr.");

        HttpResponse<String> wrongType = admin.post("/api/v1/environments", body("dev").replace("\"containerPort\":3000",
                "\"containerPort\":\"three thousand\""));
        assertThat(wrongType.statusCode()).isEqualTo(422);
        assertThat(json(wrongType).get("errors").get(0).get("field").asString()).isEqualTo("containerPort");

        HttpResponse<String> empty = admin.post("/api/v1/environments", "");
        assertThat(empty.statusCode()).isEqualTo(400);

        HttpResponse<String> nameChange = admin.put("/api/v1/environments/dev", body("prod"), "\"0\"");
        assertThat(nameChange.statusCode()).as("no environment dev yet").isEqualTo(404);
        assertThat(admin.post("/api/v1/environments", body("dev")).statusCode()).isEqualTo(201);
        HttpResponse<String> renamed = admin.put("/api/v1/environments/dev", body("prod"), "\"0\"");
        assertThat(renamed.statusCode()).isEqualTo(422);
        assertThat(renamed.body()).contains("An environment's name cannot change");
        HttpResponse<String> duplicate = admin.post("/api/v1/environments", body("dev"));
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(json(duplicate).get("detail").asString()).isEqualTo("An environment named dev exists already; choose another name.");
        assertThat(admin.get("/api/v1/nothing-here").statusCode()).isEqualTo(404);
        HttpResponse<String> notAnId = admin.get("/api/v1/operations/abc");
        assertThat(notAnId.statusCode()).isEqualTo(400);
        assertThat(notAnId.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(notAnId).get("detail").asString()).isEqualTo("'abc' is not a valid id: it is a whole number.");
        assertThat(json(admin.post("/api/v1/environments/dev/plans/99999999999999999999/apply", "")).get("detail").asString())
                .isEqualTo("'99999999999999999999' is not a valid id: it is a whole number.");
        HttpResponse<String> refusedAddress = admin.get("/api/v1/environments/%2e%2e/plans");
        assertThat(refusedAddress.statusCode()).isEqualTo(400);
        assertThat(refusedAddress.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(refusedAddress).get("detail").asString()).startsWith("This address is refused: ");
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void withoutAValidTokenTheApiAnswers401AndDoesNothing() {
        HttpResponse<String> anonymous = new ApiClient(port, null).post("/api/v1/environments", body("dev"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"quest-portal\"");

        HttpResponse<String> unknown = new ApiClient(port, "qpt_made-up").get("/api/v1/environments");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"quest-portal\", error=\"invalid_token\"");

        ApiTokens.Issued revoked = tokens.issue("old", Role.ADMIN, null, null, "test");
        tokens.revoke(revoked.token().getId(), "test");
        assertThat(new ApiClient(port, revoked.value()).post("/api/v1/environments", body("dev")).statusCode()).isEqualTo(401);

        ApiTokens.Issued expired = tokens.issue("expired", Role.ADMIN, null, Instant.now().minusSeconds(1), "test");
        assertThat(new ApiClient(port, expired.value()).get("/api/v1/environments").statusCode()).isEqualTo(401);
        assertThat(rows()).isZero();
        assertThat(jdbc.queryForList("select actor || ' ' || outcome || ' ' || detail from audit_event where action = 'api.refused'"
                + " order by id", String.class)).as("each refusal on the audit trail").containsExactly(
                "anonymous REFUSED 401 POST /api/v1/environments", "anonymous REFUSED 401 GET /api/v1/environments",
                "anonymous REFUSED 401 POST /api/v1/environments", "anonymous REFUSED 401 GET /api/v1/environments");
    }

    @Test
    void aViewerTokenReadsButEveryWriteIsA403() {
        admin.post("/api/v1/environments", body("dev"));
        ApiClient viewer = new ApiClient(port, tokens.issue("dashboard", Role.VIEWER, null, null, "test").value());

        assertThat(viewer.get("/api/v1/environments").statusCode()).isEqualTo(200);
        assertThat(viewer.get("/api/v1/environments/dev").statusCode()).isEqualTo(200);
        HttpResponse<String> create = viewer.post("/api/v1/environments", body("prod"));
        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(json(create).get("detail").asString()).isEqualTo("This token's permission does not allow POST /api/v1/environments.");
        assertThat(viewer.put("/api/v1/environments/dev", body("dev", "10.1.0.0/16", 9), "\"0\"").statusCode()).isEqualTo(403);
        assertThat(viewer.delete("/api/v1/environments/dev", null).statusCode()).isEqualTo(403);
        assertThat(viewer.put("/api/v1/environments/dev/secret-word", "{\"secretWord\":\"other\"}", null).statusCode()).isEqualTo(403);
        assertThat(viewer.post("/api/v1/environments/dev/connection-check", "").statusCode()).isEqualTo(403);

        assertThat(jdbc.queryForList("select name || ' ' || desired_count from environment", String.class)).containsExactly("dev 3");
        assertThat(ssm.getParameter(r -> r.name("/quest/dev/secret_word").withDecryption(true)).parameter().value()).isEqualTo(SECRET);
        assertThat(jdbc.queryForList("select actor || ' ' || detail from audit_event where action = 'api.refused' order by id",
                String.class)).as("each refusal on the audit trail, under the token").hasSize(5)
                .first().isEqualTo("token:dashboard 403 POST /api/v1/environments");

        assertThat(viewer.send("HEAD", "/api/v1/environments/dev", null).statusCode()).as("HEAD answers as GET does").isEqualTo(200);
        assertThat(viewer.send("OPTIONS", "/api/v1/environments", null).statusCode()).as("OPTIONS too").isEqualTo(200);
    }

    @Test
    void aTokenIssuedForSomeEnvironmentsSeesAndChangesOnlyThose() {
        admin.post("/api/v1/environments", body("dev"));
        admin.post("/api/v1/environments", body("prod"));
        ApiClient devOnly = new ApiClient(port, tokens.issue("dev-admin", Role.ADMIN, List.of("dev"), null, "test").value());

        assertThat(json(devOnly.get("/api/v1/environments")).findValuesAsString("name")).containsExactly("dev");
        assertThat(devOnly.get("/api/v1/environments/prod").statusCode()).isEqualTo(403);
        assertThat(devOnly.delete("/api/v1/environments/prod", null).statusCode()).isEqualTo(403);
        assertThat(devOnly.post("/api/v1/environments", body("staging")).statusCode()).isEqualTo(403);
        assertThat(devOnly.put("/api/v1/environments/dev", body("dev", "10.1.0.0/16", 4), "\"0\"").statusCode()).isEqualTo(200);
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void theSecretWordIsReplacedWriteOnlyAndNeverEchoedOrLogged(CapturedOutput output) {
        admin.post("/api/v1/environments", body("dev"));
        String replacement = "Open-Sesame-" + System.nanoTime();

        HttpResponse<String> replaced = admin.put("/api/v1/environments/dev/secret-word", "{\"secretWord\":\"" + replacement + "\"}", null);
        HttpResponse<String> blank = admin.put("/api/v1/environments/dev/secret-word", "{\"secretWord\":\" \"}", null);
        HttpResponse<String> missing = admin.put("/api/v1/environments/nope/secret-word", "{\"secretWord\":\"" + replacement + "\"}", null);

        assertThat(replaced.statusCode()).isEqualTo(204);
        assertThat(replaced.body()).isEmpty();
        assertThat(ssm.getParameter(r -> r.name("/quest/dev/secret_word").withDecryption(true)).parameter().value()).isEqualTo(replacement);
        assertThat(blank.statusCode()).isEqualTo(422);
        assertThat(json(blank).get("errors").get(0).get("message").asString()).isEqualTo("Give the new secret word.");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(admin.get("/api/v1/environments/dev").body()).doesNotContain(replacement, SECRET);
        assertThat(jdbc.queryForList("select * from audit_event").toString()).contains("secret-word.set").doesNotContain(replacement, SECRET);
        assertThat(jdbc.queryForList("select * from environment").toString()).doesNotContain(replacement, SECRET);
        assertThat(output.getAll()).doesNotContain(replacement, SECRET);
    }

    @Test
    void ssmUnavailableIsA503AndNothingIsRecorded() {
        sandbox.faults().add(FaultRule.parse(null, "ssm.PutParameter=unavailable,count:20"));

        HttpResponse<String> refused = admin.post("/api/v1/environments", body("dev"));

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(json(refused).get("detail").asString()).contains("The secret word could not be stored in SSM", "nothing was saved");
        assertThat(rows()).isZero();
    }

    @Test
    void theConnectionCheckSaysWhoThePortalIsAndWhichCallsAreAllowed() {
        admin.post("/api/v1/environments", body("dev"));

        JsonNode passed = json(admin.post("/api/v1/environments/dev/connection-check", ""));
        assertThat(passed.get("passed").asBoolean()).isTrue();
        assertThat(passed.get("account").asString()).isEqualTo("000000000000");
        assertThat(passed.get("probes").findValuesAsString("call")).containsExactly("cloudformation:DescribeStacks", "ecs:ListClusters",
                "logs:DescribeLogGroups", "ecr:DescribeRepositories", "ssm:DescribeParameters");

        sandbox.faults().add(FaultRule.parse(null, "ecs.ListClusters=denied"));
        JsonNode denied = json(admin.post("/api/v1/environments/dev/connection-check", ""));
        assertThat(denied.get("passed").asBoolean()).isFalse();
        JsonNode ecs = denied.get("probes").get(1);
        assertThat(ecs.get("allowed").asBoolean()).isFalse();
        assertThat(ecs.get("problem").asString()).startsWith("Access denied for ecs:ListClusters");
        assertThat(denied.get("probes").get(0).get("allowed").asBoolean()).isTrue();

        sandbox.faults().add(FaultRule.parse(null, "sts=unavailable"));
        JsonNode noIdentity = json(admin.post("/api/v1/environments/dev/connection-check", ""));
        assertThat(noIdentity.get("problem").asString()).startsWith("sts:GetCallerIdentity failed: ServiceUnavailable");
        assertThat(noIdentity.get("probes")).isEmpty();
    }

    @Test
    void throughARoleTheCheckShowsTheAssumedRoleSession() {
        admin.post("/api/v1/environments", body("dev").replace("\"roleArn\":\"\"", "\"roleArn\":\"arn:aws:iam::000000000000:role/quest-deployer\""));

        JsonNode report = json(admin.post("/api/v1/environments/dev/connection-check", ""));

        assertThat(report.get("passed").asBoolean()).isTrue();
        assertThat(report.get("identityArn").asString()).isEqualTo("arn:aws:sts::000000000000:assumed-role/quest-deployer/quest-portal");
    }

    @Test
    void aTokensLastUseIsRecorded() {
        ApiTokens.Issued issued = tokens.issue("cron", Role.VIEWER, null, null, "test");
        assertThat(jdbc.queryForObject("select last_used_at from api_token where name = 'cron'", Instant.class)).isNull();

        new ApiClient(port, issued.value()).get("/api/v1/environments");

        assertThat(jdbc.queryForObject("select last_used_at from api_token where name = 'cron'", Instant.class)).isNotNull();
        assertThat(jdbc.queryForObject("select token_hash from api_token where name = 'cron'", String.class))
                .hasSize(64).isNotEqualTo(issued.value());
        assertThat(jdbc.queryForList("select * from api_token").toString()).doesNotContain(issued.value());
    }

    private void assertThatNoSecretWord(String name) {
        org.assertj.core.api.Assertions.assertThatExceptionOfType(ParameterNotFoundException.class)
                .isThrownBy(() -> ssm.getParameter(r -> r.name("/quest/" + name + "/secret_word")));
    }
}
