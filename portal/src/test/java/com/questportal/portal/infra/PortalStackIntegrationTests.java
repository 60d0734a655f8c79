package com.questportal.portal.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.questportal.portal.compose.ComposeFile;
import com.questportal.portal.database.Postgres;
import com.questportal.portal.provisioning.PortalProcess;
import com.questportal.portal.provisioning.SandboxVisitor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.waiters.CloudFormationWaiter;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * {@code infra-templates/portal.yaml} deployed in the sandbox as on AWS: the portal jar published as its image, the test's
 * PostgreSQL as the existing database (its password and the first admin's from SSM), two tasks behind the HTTPS load
 * balancer; the portal answers its sign-in page through it, and port 80 sends people to HTTPS.
 */
@ExtendWith(Postgres.class)
class PortalStackIntegrationTests {

    private static final String ADMIN_PASSWORD = "portal-stack-admin-password";

    @TempDir
    Path work;
    private final List<PortalProcess> processes = new CopyOnWriteArrayList<>();
    private final String schema = "stack_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private URI sandbox;

    @AfterEach
    void stopEverything() throws Exception {
        if (sandbox != null) {
            try (CloudFormationClient cloudFormation = client(CloudFormationClient.builder())) {
                cloudFormation.deleteStack(r -> r.stackName("quest-portal"));
                waiter(cloudFormation).waitUntilStackDeleteComplete(r -> r.stackName("quest-portal"));
            }
        }
        for (PortalProcess process : processes) {
            process.stop();
        }
        Postgres.dropSchema(schema);
    }

    @Test
    void thePortalsOwnStackRunsThePortalJarBehindAnHttpsLoadBalancer() throws Exception {
        PortalProcess.Sandbox running = PortalProcess.sandbox(work.resolve("sandbox"));
        processes.add(running.process());
        sandbox = running.endpoint();
        PortalProcess publish = PortalProcess.start(List.of(PortalProcess.java(), "-jar", sandboxJar(), "publish", "--repository",
                "quest-portal", "--tag", "v1", "--jar", PortalProcess.jar("portal.jar", "target/portal.jar"), "--java-options",
                "@" + ComposeFile.ROOT.resolve("portal/jvm.options"), "--endpoint", sandbox.toString()), ComposeFile.ROOT);
        assertThat(publish.process().waitFor()).as("sandbox.jar publish of the portal jar").isZero();
        try (SsmClient ssm = client(SsmClient.builder())) {
            ssm.putParameter(r -> r.name("/quest-portal/admin-password").type(ParameterType.SECURE_STRING).value(ADMIN_PASSWORD));
            ssm.putParameter(r -> r.name("/quest-portal/database-password").type(ParameterType.SECURE_STRING).value(Postgres.password()));
        }
        URI database = URI.create(Postgres.url(schema).substring("jdbc:".length()));

        String template = Files.readString(ComposeFile.ROOT.resolve("infra-templates/portal.yaml"));
        Stack stack;
        try (CloudFormationClient cloudFormation = client(CloudFormationClient.builder())) {
            cloudFormation.createStack(r -> r.stackName("quest-portal").capabilities(Capability.CAPABILITY_NAMED_IAM)
                    .templateBody(template).parameters(parameters(Map.of("ImageTag", "v1", "DatabaseMode", "existing",
                            "ExistingDatabaseHost", database.getHost(), "ExistingDatabasePort", String.valueOf(database.getPort()),
                            "DatabaseName", database.getPath().substring(1), "DatabaseUsername", Postgres.user(), "DatabaseSchema", schema,
                            "CertificateArn", "arn:aws:acm:eu-west-1:000000000000:certificate/sandbox-localhost"))));
            stack = waiter(cloudFormation).waitUntilStackCreateComplete(r -> r.stackName("quest-portal")).matched().response()
                    .orElseThrow().stacks().get(0);
        }
        URI portal = URI.create(output(stack, "PortalUrl"));
        assertThat(portal.getScheme()).isEqualTo("https");

        HttpClient visitor = SandboxVisitor.trusting(sandbox);
        HttpResponse<String> signIn = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> visitor.send(HttpRequest.newBuilder(portal.resolve("/login")).build(), HttpResponse.BodyHandlers.ofString()),
                        answer -> answer.statusCode() == 200);
        assertThat(signIn.body()).contains("<title>Sign in · Quest Portal</title>", "name=\"password\"");
        HttpResponse<Void> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + portal.getAuthority() + "/login"))
                .build(), HttpResponse.BodyHandlers.discarding());
        assertThat(plain.statusCode()).as("port 80 sends people to HTTPS").isEqualTo(301);
        assertThat(plain.headers().firstValue("Location").orElseThrow()).startsWith("https://");

        try (EcsClient ecs = client(EcsClient.builder())) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> ecs.describeServices(r -> r
                    .cluster("quest-portal-cluster").services("quest-portal-service")).services().get(0).runningCount(), running2 -> running2 == 2);
        }
        try (Connection connection = DriverManager.getConnection(Postgres.url(schema), Postgres.user(), Postgres.password());
             ResultSet admins = connection.createStatement().executeQuery("select username from portal_user where role = 'ADMIN'")) {
            assertThat(admins.next()).as("the first admin, from the SSM parameter, in the stack's schema").isTrue();
            assertThat(admins.getString(1)).isEqualTo("admin");
        }
    }

    /** CloudFormation's waiters, asking every second rather than AWS's thirty: the sandbox is quick. */
    private static CloudFormationWaiter waiter(CloudFormationClient cloudFormation) {
        return CloudFormationWaiter.builder().client(cloudFormation).overrideConfiguration(config -> config.maxAttempts(300)
                .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofSeconds(1)))).build();
    }

    private static List<Parameter> parameters(Map<String, String> values) {
        return values.entrySet().stream().map(entry -> Parameter.builder().parameterKey(entry.getKey()).parameterValue(entry.getValue())
                .build()).toList();
    }

    private static String output(Stack stack, String key) {
        return stack.outputs().stream().filter(output -> output.outputKey().equals(key)).map(Output::outputValue).findFirst().orElseThrow();
    }

    private <C, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C client(B builder) {
        return builder.endpointOverride(sandbox).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private static String sandboxJar() {
        return PortalProcess.jar("sandbox.jar", "../sandbox/target/sandbox.jar");
    }
}
