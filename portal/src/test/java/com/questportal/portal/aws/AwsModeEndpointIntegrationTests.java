package com.questportal.portal.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.questportal.portal.api.ApiClient;
import com.questportal.portal.provisioning.PortalImage;
import com.questportal.portal.provisioning.PortalProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * AWS mode pointed at an AWS-compatible endpoint with the SDK's standard {@code AWS_ENDPOINT_URL}, credentials from the
 * SDK's chain (here its environment variables): the portal jar in AWS mode plans an environment's stack against the
 * sandbox as it would against AWS.
 */
class AwsModeEndpointIntegrationTests {

    private static final String TOKEN = "aws-mode-endpoint-token-0123456789abcdefghijklmnopqrstuvwxyz";

    @TempDir
    Path work;
    private final List<PortalProcess> processes = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (PortalProcess process : processes) {
            process.stop();
        }
    }

    @Test
    void awsModeFollowsAwsEndpointUrl() throws Exception {
        PortalProcess.Sandbox sandbox = PortalProcess.sandbox(work.resolve("sandbox"));
        processes.add(sandbox.process());
        String endpoint = sandbox.endpoint().toString();
        int port = PortalProcess.freePort();
        List<String> command = new java.util.ArrayList<>(PortalImage.command());
        command.addAll(List.of("--server.port=" + port, "--portal.data-dir=" + work.resolve("portal"), "--spring.main.banner-mode=off"));
        PortalProcess portal = PortalProcess.start(command, work, Map.of(
                "PORTAL_MODE", "aws", "AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL", endpoint, "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test", "AWS_CONFIG_FILE", work.resolve("no-config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-credentials").toString(), "PORTAL_BOOTSTRAP_API_TOKEN", TOKEN));
        processes.add(portal);
        portal.awaitLine(Pattern.compile("Quest Portal is ready at .* mode=aws"));

        ApiClient api = new ApiClient(port, TOKEN);
        assertThat(api.post("/api/v1/environments", """
                {"name":"emulated","region":"eu-west-1","vpcCidr":"10.64.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                 "imageTag":"v1","taskSize":"256/512","desiredCount":1,"healthCheckPath":"/health","logRetentionDays":7,
                 "secretWord":"TwelveFactor"}""").statusCode()).isEqualTo(201);
        JsonNode plan = api.plan("emulated");
        assertThat(plan.get("status").asString()).isEqualTo("READY");
        assertThat(plan.toString()).as("the change set the sandbox's CloudFormation made").contains("QuestService", "QuestLoadBalancer");
    }
}
