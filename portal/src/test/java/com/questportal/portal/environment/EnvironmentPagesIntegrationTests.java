package com.questportal.portal.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.sandbox.Sandbox;
import com.questportal.sandbox.faults.FaultRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/** Recording, changing and deleting environments through the pages, against the real H2 database and the in-process sandbox's SSM. */
@SpringBootTest(properties = "spring.main.banner-mode=off")
@AutoConfigureMockMvc
@WithMockUser(username = "ada", roles = "ADMIN")
@ExtendWith(OutputCaptureExtension.class)
class EnvironmentPagesIntegrationTests {

    /** The SDK's CloudFormation waiters poll every 30 s; the sandbox's stacks settle in well under one. */
    static final WaiterOverrideConfiguration QUICK_POLLS = WaiterOverrideConfiguration.builder()
            .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100))).maxAttempts(100).build();

    @Autowired
    MockMvcTester mvc;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Sandbox sandbox;
    SsmClient ssm;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    @BeforeEach
    void clients() {
        ssm = SsmClient.builder().endpointOverride(sandbox.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterEach
    void clean() {
        jdbc.update("delete from environment");
        jdbc.update("delete from audit_event");
        // Each test starts without secret words, whatever order the tests run in.
        ssm.describeParametersPaginator(r -> r.maxResults(50)).stream().flatMap(page -> page.parameters().stream())
                .forEach(parameter -> ssm.deleteParameter(r -> r.name(parameter.name())));
        ssm.close();
    }

    static MultiValueMap<String, String> valid(String name) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        Map.ofEntries(Map.entry("name", name), Map.entry("description", "Team sandbox"), Map.entry("owner", "platform"),
                Map.entry("region", "eu-west-1"), Map.entry("accountId", ""), Map.entry("roleArn", ""),
                Map.entry("vpcCidr", "10.1.0.0/16"), Map.entry("allowedClientCidr", "0.0.0.0/0"), Map.entry("containerPort", "3000"),
                Map.entry("imageTag", "v1"), Map.entry("taskSize", "512/1024"), Map.entry("desiredCount", "3"),
                Map.entry("healthCheckPath", "/health"), Map.entry("logRetentionDays", "30"),
                Map.entry("certificateArn", ""), Map.entry("scalingMin", "2"), Map.entry("scalingMax", "6"),
                Map.entry("scalingTarget", "1000"), Map.entry("secretWord", "TwelveFactor")).forEach(form::add);
        return form;
    }

    private MvcTestResult post(String uri, MultiValueMap<String, String> form) {
        return mvc.post().uri(uri).params(form).with(csrf()).exchange();
    }

    private int rows() {
        return jdbc.queryForObject("select count(*) from environment", Integer.class);
    }

    @Test
    void anEnvironmentIsRecordedWithItsSecretWordInSsmOnly(CapturedOutput output) {
        MvcTestResult created = post("/environments", valid("dev"));

        assertThat(created).hasStatus3xxRedirection().hasRedirectedUrl("/environments/dev");
        Parameter stored = ssm.getParameter(r -> r.name("/quest/dev/secret_word").withDecryption(true)).parameter();
        assertThat(stored.typeAsString()).isEqualTo("SecureString");
        assertThat(stored.value()).isEqualTo("TwelveFactor");
        String everyColumn = jdbc.queryForList("select * from environment").toString();
        assertThat(everyColumn).contains("dev", "10.1.0.0/16", "v1").doesNotContain("TwelveFactor");
        assertThat(mvc.get().uri("/environments/dev")).hasStatusOk().bodyText()
                .contains("quest-dev", "0.5 vCPU · 1 GB", "✓ set", "/quest/dev/secret_word")
                .doesNotContain("TwelveFactor");
        assertThat(mvc.get().uri("/environments")).bodyText().contains(">dev</a>", "<code>v1</code>");
        assertThat(mvc.get().uri("/environments/dev/edit")).bodyText().doesNotContain("TwelveFactor");
        assertThat(mvc.get().uri("/audit")).bodyText().contains("secret-word.set").doesNotContain("TwelveFactor");
        assertThat(output.getAll()).as("the portal's and the sandbox's log").contains("event=audit action=secret-word.set")
                .doesNotContain("TwelveFactor");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "name | Dev | Use lowercase letters, digits and hyphens",
            "name | d | A name is 2 to 20 characters.",
            "name | a-name-far-too-long-for-alb | A name is 2 to 20 characters.",
            "region | mars-north-1 | Choose one of the AWS regions in the list.",
            "accountId | 12345 | An AWS account id is 12 digits.",
            "roleArn | arn:aws:iam::role/x | A role ARN looks like arn:aws:iam::123456789012:role/quest-deployer.",
            "imageRepository | Quest/App | An ECR repository name is lowercase letters and digits",
            "imageRepository | quest--app | An ECR repository name is lowercase letters and digits",
            "vpcCidr | 10.0.0.0/33 | This is not an IPv4 CIDR block",
            "vpcCidr | 10.0.0.1/16 | This is not an IPv4 CIDR block",
            "vpcCidr | 010.1.0.0/16 | This is not an IPv4 CIDR block",
            "vpcCidr | 10.0.0.0/8 | A VPC block is /16 to /24",
            "vpcCidr | 8.8.0.0/16 | Use a private range",
            "allowedClientCidr | everyone | This is not an IPv4 CIDR block such as 203.0.113.0/24",
            "containerPort | 80 | The container port is 1024 to 65535",
            "containerPort | port | Enter a whole number.",
            "imageTag | -latest | An image tag is up to 128 letters",
            "taskSize | 256/4096 | Fargate does not run this CPU and memory pair",
            "desiredCount | -1 | The desired count is 0 or more.",
            "desiredCount | 51 | At most 50 tasks per environment",
            "healthCheckPath | health | A health-check path starts with /",
            "logRetentionDays | 2 | Choose one of the retention periods CloudWatch Logs offers.",
            "certificateArn | arn:aws:iam::123456789012:server-certificate/x | An ACM certificate ARN looks like",
            "certificateArn | arn:aws:acm:us-east-1:123456789012:certificate/abc-123 | The certificate is in us-east-1",
            "scalingMin | 0 | Scale to at least 1 task.",
            "name | '' | Give the environment a name.",
            "name | -dev | Use lowercase letters, digits and hyphens",
            "name | dev- | Use lowercase letters, digits and hyphens",
            "name | dév | Use lowercase letters, digits and hyphens",
            "name | dev env | Use lowercase letters, digits and hyphens",
            "region | '' | Choose a region.",
            "accountId | 1234567890123 | An AWS account id is 12 digits.",
            "accountId | abcdefghijkl | An AWS account id is 12 digits.",
            "vpcCidr | '' | CIDR block, e.g. 10.0.0.0/16.",
            "vpcCidr | 10.0.0.0 | This is not an IPv4 CIDR block",
            "vpcCidr | 256.0.0.0/16 | This is not an IPv4 CIDR block",
            "vpcCidr | 10.0.0.0/25 | A VPC block is /16 to /24",
            "allowedClientCidr | 0.0.0.0/33 | This is not an IPv4 CIDR block such as 203.0.113.0/24",
            "allowedClientCidr | '' | Give the CIDR block clients may come from",
            "containerPort | 70000 | The container port is 1024 to 65535",
            "imageTag | '' | Give the image tag to run",
            "imageTag | v1 v2 | An image tag is up to 128 letters",
            "taskSize | '' | Choose a task size.",
            "taskSize | big | Fargate does not run this CPU and memory pair",
            "desiredCount | many | Enter a whole number.",
            "healthCheckPath | /he alth | A health-check path starts with /",
            "logRetentionDays | forever | Enter a whole number.",
            "scalingTarget | 0 | The target is at least 1.",
    })
    void badInputIsExplainedAtItsFieldAndChangesNothing(String field, String value, String message) {
        MultiValueMap<String, String> form = valid("dev");
        form.set(field, value);

        MvcTestResult refused = post("/environments", form);

        assertThat(refused).hasStatus(400).bodyText().contains(message).contains("class=\"error\"");
        assertThat(rows()).isZero();
        assertThatNoSecretWord("dev");
    }

    @Test
    void autoScalingBoundsAreCheckedOnlyWhenItIsOnAndThenAgainstEachOtherAndTheDesiredCount() {
        MultiValueMap<String, String> upsideDown = valid("dev");
        upsideDown.set("autoScaling", "true");
        upsideDown.set("scalingMin", "5");
        upsideDown.set("scalingMax", "3");
        MultiValueMap<String, String> outside = valid("dev");
        outside.set("autoScaling", "true");
        outside.set("desiredCount", "9");
        MultiValueMap<String, String> offWithNonsense = valid("dev");
        offWithNonsense.set("scalingMax", "");
        MultiValueMap<String, String> scaling = valid("dev");
        scaling.set("autoScaling", "true");
        scaling.set("certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/abc-123");

        assertThat(post("/environments", upsideDown)).hasStatus(400).bodyText().contains("The most tasks cannot be fewer than the fewest (5).");
        assertThat(post("/environments", outside)).hasStatus(400).bodyText()
                .contains("With auto scaling on, the tasks to start with are between 2 and 6.");
        assertThat(rows()).isZero();
        assertThat(post("/environments", offWithNonsense)).as("bounds are not asked for when scaling is off").hasStatus3xxRedirection();
        jdbc.update("delete from environment");
        assertThat(post("/environments", scaling)).hasStatus3xxRedirection();
        assertThat(jdbc.queryForList("select scaling_min, scaling_max, scaling_target, certificate_arn from environment").get(0).values())
                .containsExactly(2, 6, 1000, "arn:aws:acm:eu-west-1:123456789012:certificate/abc-123");
        assertThat(mvc.get().uri("/environments/dev")).bodyText().contains("2 to 6 tasks, aiming at 1000 requests per task per minute");
    }

    @Test
    void aHealthCheckPathAsLongAsTheLoadBalancerAllowsIsKeptAndALongerOneRefused() {
        MultiValueMap<String, String> longest = valid("dev");
        longest.set("healthCheckPath", "/" + "h".repeat(1023));
        MultiValueMap<String, String> tooLong = valid("dev");
        tooLong.set("healthCheckPath", "/" + "h".repeat(1024));

        assertThat(post("/environments", tooLong)).hasStatus(400).bodyText().contains("A health-check path starts with /");
        assertThat(rows()).isZero();
        assertThat(post("/environments", longest)).as("1,024 characters, as ALB allows").hasStatus3xxRedirection();
        assertThat(jdbc.queryForObject("select length(health_check_path) from environment", Integer.class)).isEqualTo(1024);
    }

    @Test
    void controlCharactersAndWordsOrFractionsWhereWholeNumbersBelongAreRefusedAtTheirFields() {
        MultiValueMap<String, String> nul = valid("dev");
        nul.set("description", "team\u0000sandbox");
        MultiValueMap<String, String> word = valid("dev");
        word.set("autoScaling", "true");
        word.set("scalingMin", "abc");
        MultiValueMap<String, String> fraction = valid("dev");
        fraction.set("containerPort", "3000.5");

        assertThat(post("/environments", nul)).hasStatus(400).bodyText().contains("Remove the control characters (such as NUL)");
        assertThat(post("/environments", word)).hasStatus(400).bodyText().contains("Enter a whole number.");
        assertThat(post("/environments", fraction)).hasStatus(400).bodyText().contains("Enter a whole number.");
        assertThat(rows()).isZero();
        assertThatNoSecretWord("dev");

        assertThat(post("/environments", valid("dev"))).hasStatus3xxRedirection();
        MultiValueMap<String, String> staleWord = valid("dev");
        staleWord.set("version", "abc");
        staleWord.set("description", "changed");
        assertThat(post("/environments/dev", staleWord)).hasStatus(400);
        assertThat(jdbc.queryForObject("select description from environment", String.class)).isEqualTo("Team sandbox");
    }

    @Test
    void oversizedFieldsAndARoleOfAnotherAccountAreRefusedToo() {
        MultiValueMap<String, String> long1 = valid("dev");
        long1.set("description", "d".repeat(501));
        MultiValueMap<String, String> long2 = valid("dev");
        long2.set("owner", "o".repeat(101));
        MultiValueMap<String, String> long3 = valid("dev");
        long3.set("imageTag", "t".repeat(129));
        MultiValueMap<String, String> long4 = valid("dev");
        long4.set("secretWord", "s".repeat(4097));
        MultiValueMap<String, String> otherAccount = valid("dev");
        otherAccount.set("accountId", "111111111111");
        otherAccount.set("roleArn", "arn:aws:iam::222222222222:role/quest-deployer");

        assertThat(post("/environments", long1)).hasStatus(400).bodyText().contains("A description is at most 500 characters.");
        assertThat(post("/environments", long2)).hasStatus(400).bodyText().contains("An owner or team is at most 100 characters.");
        assertThat(post("/environments", long3)).hasStatus(400).bodyText().contains("An image tag is up to 128 letters");
        assertThat(post("/environments", long4)).hasStatus(400).bodyText().contains("A secret word is at most 4096 characters.")
                .doesNotContain("ssssssssss");
        assertThat(post("/environments", otherAccount)).hasStatus(400).bodyText().contains("The role is in another account than the environment&#39;s.");
        assertThat(rows()).isZero();
        assertThatNoSecretWord("dev");
    }

    @Test
    void aThrottledSsmIsRetriedAndAnSsmThatKeepsRefusingLeavesNoRowBehind() {
        sandbox.faults().add(FaultRule.parse(null, "ssm.PutParameter=throttle,count:3"));
        assertThat(post("/environments", valid("dev"))).as("three throttled attempts, then one that passes").hasStatus3xxRedirection();

        sandbox.faults().add(FaultRule.parse(null, "ssm.PutParameter=unavailable,count:20"));
        MvcTestResult refused = post("/environments", valid("prod"));
        sandbox.faults().clear();

        assertThat(refused).hasStatus(503).bodyText().contains("The secret word could not be stored in SSM", "nothing was saved");
        assertThat(jdbc.queryForList("select name from environment", String.class)).containsExactly("dev");
        assertThatNoSecretWord("prod");
    }

    @Test
    @WithMockUser(username = "olga", roles = "OPERATOR")
    void anOperatorTestsTheConnectionAndSeesEachCallAllowedOrRefused() {
        jdbc.update("insert into environment (name, region, created_at, updated_at) values ('dev', 'eu-west-1', current_timestamp,"
                + " current_timestamp)");

        assertThat(mvc.get().uri("/environments/dev")).bodyText().contains("id=\"test-connection\"").doesNotContain("connection-result");
        assertThat(mvc.post().uri("/environments/dev/connection-check").with(csrf())).hasStatusOk().bodyText()
                .contains("✓ connected", "000000000000", "arn:aws:iam::000000000000:root", "ecs:ListClusters", "Checked <time");

        sandbox.faults().add(FaultRule.parse(null, "ssm.DescribeParameters=denied"));
        try {
            assertThat(mvc.post().uri("/environments/dev/connection-check").with(csrf())).hasStatusOk().bodyText()
                    .contains("✗ not ready", "✗ refused", "Access denied for ssm:DescribeParameters");
        } finally {
            sandbox.faults().clear();
        }
        assertThat(mvc.post().uri("/environments/nope/connection-check").with(csrf())).hasStatus(404);
    }

    @Test
    @WithMockUser(username = "vera", roles = "VIEWER")
    void aViewerSeesNoConnectionTestButton() {
        jdbc.update("insert into environment (name, region, created_at, updated_at) values ('dev', 'eu-west-1', current_timestamp,"
                + " current_timestamp)");

        assertThat(mvc.get().uri("/environments/dev")).hasStatusOk().bodyText().doesNotContain("test-connection");
        assertThat(mvc.post().uri("/environments/dev/connection-check").with(csrf())).hasStatus(403);
    }

    @Test
    void aDuplicateNameGetsAFriendlyMessageAndTheFirstSecretWordStays() {
        post("/environments", valid("dev"));
        MultiValueMap<String, String> again = valid("dev");
        again.set("secretWord", "SomethingElse");

        MvcTestResult refused = post("/environments", again);

        assertThat(refused).hasStatus(409).bodyText().contains("An environment named dev exists already; choose another name.");
        assertThat(rows()).isEqualTo(1);
        assertThat(ssm.getParameter(r -> r.name("/quest/dev/secret_word").withDecryption(true)).parameter().value())
                .isEqualTo("TwelveFactor");
    }

    @Test
    void textIsStoredAsTypedAndShownEscaped() {
        MultiValueMap<String, String> form = valid("dev");
        form.set("description", "<script>alert('x')</script>");

        post("/environments", form);

        assertThat(jdbc.queryForObject("select description from environment", String.class)).isEqualTo("<script>alert('x')</script>");
        assertThat(mvc.get().uri("/environments/dev")).bodyText().contains("&lt;script&gt;").doesNotContain("<script>alert");
    }

    @Test
    void anEditKeepsTheSecretWordUnlessANewOneIsGivenAndAStaleEditIsRefused() {
        post("/environments", valid("dev"));
        MultiValueMap<String, String> edit = valid("dev");
        edit.set("secretWord", "");
        edit.set("imageTag", "v2");
        edit.set("version", "0");

        MvcTestResult saved = post("/environments/dev", edit);
        MvcTestResult stale = post("/environments/dev", edit);

        assertThat(saved).hasStatus3xxRedirection();
        assertThat(jdbc.queryForObject("select image_tag from environment", String.class)).isEqualTo("v2");
        assertThat(ssm.getParameter(r -> r.name("/quest/dev/secret_word").withDecryption(true)).parameter().value())
                .isEqualTo("TwelveFactor");
        assertThat(stale).hasStatus(409).bodyText().contains("Someone changed this environment");
        edit.set("name", "renamed");
        edit.set("version", "1");
        assertThat(post("/environments/dev", edit)).hasStatus(400).bodyText().contains("An environment&#39;s name cannot change");
    }

    @Test
    void deletingNeedsTheNameTypedAndRemovesTheSecretWord() {
        post("/environments", valid("dev"));

        MvcTestResult unconfirmed = mvc.post().uri("/environments/dev/delete").param("confirm", "prod").with(csrf()).exchange();
        MvcTestResult deleted = mvc.post().uri("/environments/dev/delete").param("confirm", "dev").with(csrf()).exchange();

        assertThat(unconfirmed).hasStatus(400).bodyText().contains("Type the environment&#39;s name, dev, to delete it.");
        assertThat(deleted).hasStatus3xxRedirection().hasRedirectedUrl("/environments");
        assertThat(rows()).isZero();
        assertThatNoSecretWord("dev");
        assertThat(mvc.get().uri("/environments/dev")).hasStatus(404);
    }

    @Test
    void anEnvironmentWhoseStackStillExistsCannotBeDeleted() {
        post("/environments", valid("dev"));
        try (CloudFormationClient cloudFormation = CloudFormationClient.builder().endpointOverride(sandbox.endpoint())
                .region(Region.EU_WEST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            cloudFormation.createStack(r -> r.stackName("quest-dev").templateBody(
                    "{\"Resources\":{\"Logs\":{\"Type\":\"AWS::Logs::LogGroup\",\"Properties\":{}}}}"));
            cloudFormation.waiter().waitUntilStackCreateComplete(DescribeStacksRequest.builder().stackName("quest-dev").build(),
                    QUICK_POLLS);

            MvcTestResult refused = mvc.post().uri("/environments/dev/delete").param("confirm", "dev").with(csrf()).exchange();

            assertThat(refused).hasStatus(409).bodyText().contains("The stack quest-dev still exists (CREATE_COMPLETE). Destroy it first");
            assertThat(rows()).isEqualTo(1);
            assertThat(ssm.getParameter(r -> r.name("/quest/dev/secret_word")).parameter()).isNotNull();

            cloudFormation.deleteStack(r -> r.stackName("quest-dev"));
            cloudFormation.waiter().waitUntilStackDeleteComplete(DescribeStacksRequest.builder().stackName("quest-dev").build(),
                    QUICK_POLLS);
        }
        assertThat(mvc.post().uri("/environments/dev/delete").param("confirm", "dev").with(csrf())).hasRedirectedUrl("/environments");
        assertThat(rows()).isZero();
    }

    @Test
    void whenCloudFormationCannotBeAskedNothingIsDeleted() {
        post("/environments", valid("dev"));
        sandbox.faults().add(FaultRule.parse(null, "cloudformation.DescribeStacks=unavailable"));
        try {
            assertThat(mvc.post().uri("/environments/dev/delete").param("confirm", "dev").with(csrf())).hasStatus(503).bodyText()
                    .contains("Could not ask CloudFormation whether the stack quest-dev exists");
        } finally {
            sandbox.faults().clear();
        }
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void everyChangeAndEveryRefusalIsOnTheAuditTrailWithoutTheSecretWord() {
        MultiValueMap<String, String> bad = valid("dev");
        bad.set("vpcCidr", "10.0.0.0/33");
        post("/environments", bad);
        post("/environments", valid("dev"));
        MultiValueMap<String, String> edit = valid("dev");
        edit.set("imageTag", "v2");
        edit.set("secretWord", "AnotherWord");
        edit.set("version", "0");
        post("/environments/dev", edit);
        mvc.post().uri("/environments/dev/delete").param("confirm", "dev").with(csrf()).exchange();

        List<String> trail = jdbc.queryForList("select action || ' ' || coalesce(environment, '-') || ' ' || outcome || ' ' || actor"
                + " || ' ' || address || ' | ' || detail from audit_event order by id", String.class);

        assertThat(trail).containsExactly(
                "environment.create dev REFUSED ada 127.0.0.1 | invalid: vpcCidr",
                "environment.create dev SUCCEEDED ada 127.0.0.1 | region eu-west-1, image v1, 3 × 0.5 vCPU · 1 GB",
                "secret-word.set dev SUCCEEDED ada 127.0.0.1 | SecureString /quest/dev/secret_word written; the value is not recorded",
                "environment.update dev SUCCEEDED ada 127.0.0.1 | changed imageTag v1 → v2",
                "secret-word.set dev SUCCEEDED ada 127.0.0.1 | SecureString /quest/dev/secret_word written; the value is not recorded",
                "environment.delete dev SUCCEEDED ada 127.0.0.1 | record and SSM secret word removed");
        assertThat(jdbc.queryForList("select * from audit_event").toString()).doesNotContain("TwelveFactor", "AnotherWord");
    }

    @Test
    void theAuditPageFiltersByEnvironmentAndAction() {
        post("/environments", valid("dev"));
        post("/environments", valid("prod"));
        mvc.post().uri("/environments/prod/delete").param("confirm", "nope").with(csrf()).exchange();

        assertThat(mvc.get().uri("/audit").param("environment", "prod")).hasStatusOk().bodyText()
                .contains("environment.create", "environment.delete", "✗ refused", "Type the environment&#39;s name, prod, to delete it.")
                .doesNotContain(">dev</a>");
        assertThat(mvc.get().uri("/audit").param("action", "secret-word.set")).bodyText()
                .contains(">dev</a>", ">prod</a>").doesNotContain("<code>environment.create</code>");
        assertThat(mvc.get().uri("/audit").param("actor", "nobody")).bodyText().contains("Nothing recorded", "that matches");
    }

    @Test
    void theFormOffersOnlyTheTaskSizesFargateRuns() {
        assertThat(mvc.get().uri("/environments/new")).hasStatusOk().bodyText()
                .contains("value=\"256/512\"", "value=\"4096/30720\"").doesNotContain("value=\"256/4096\"");
        assertThat(TaskSize.FARGATE).hasSize(3 + 4 + 7 + 13 + 23);
        assertThat(List.of(new TaskSize(256, 512).label(), new TaskSize(4096, 30720).label()))
                .containsExactly("0.25 vCPU · 0.5 GB", "4 vCPU · 30 GB");
    }

    private void assertThatNoSecretWord(String name) {
        org.assertj.core.api.Assertions.assertThatExceptionOfType(ParameterNotFoundException.class)
                .isThrownBy(() -> ssm.getParameter(r -> r.name("/quest/" + name + "/secret_word")));
    }
}
