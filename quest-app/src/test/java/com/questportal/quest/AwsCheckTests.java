package com.questportal.quest;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.http.HttpFields;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The EC2 path, against a local instance metadata service (IMDSv2: token, then instance id). */
class AwsCheckTests {

    @TempDir
    Path root;
    HttpServer imds;
    String imdsEndpoint;

    @BeforeEach
    void startImds() throws IOException {
        imds = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        imds.createContext("/latest/api/token", exchange -> reply(exchange.getRequestMethod().equals("PUT") ? 200 : 405,
                "token-123", exchange));
        imds.createContext("/latest/meta-data/instance-id", exchange -> reply(
                "token-123".equals(exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token")) ? 200 : 401,
                "i-0abc123", exchange));
        imds.start();
        imdsEndpoint = "http://127.0.0.1:" + imds.getAddress().getPort();
    }

    @AfterEach
    void stopImds() {
        imds.stop(0);
    }

    @Test
    void ec2HardwareWithAnsweringMetadataPasses() throws IOException {
        ec2Firmware();

        CheckResult result = new AwsCheck(root, Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", imdsEndpoint)).run(HttpFields.EMPTY);

        assertThat(result.passed()).isTrue();
        assertThat(result.detail()).isEqualTo("EC2 instance metadata answered for instance i-0abc123.");
    }

    @Test
    void metadataCanBeSwitchedOffAsTheSdkAllows() throws IOException {
        ec2Firmware();

        CheckResult result = new AwsCheck(root, Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", imdsEndpoint,
                "AWS_EC2_METADATA_DISABLED", "true")).run(HttpFields.EMPTY);

        assertThat(result.passed()).isFalse();
    }

    @Test
    void aTaskMetadataEndpointThatRefusesDoesNotPass() {
        CheckResult result = new AwsCheck(root, Map.of("ECS_CONTAINER_METADATA_URI_V4", imdsEndpoint)).run(HttpFields.EMPTY);

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).isEqualTo("The ECS task metadata endpoint answered HTTP 404.");
    }

    @Test
    void anUnreachableTaskMetadataEndpointDoesNotPass() {
        CheckResult result = new AwsCheck(root, Map.of("ECS_CONTAINER_METADATA_URI_V4", "http://127.0.0.1:1/v4")).run(HttpFields.EMPTY);

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).startsWith("The ECS task metadata endpoint did not answer");
    }

    private void ec2Firmware() throws IOException {
        Path vendor = root.resolve("sys/devices/virtual/dmi/id/sys_vendor");
        Files.createDirectories(vendor.getParent());
        Files.writeString(vendor, "Amazon EC2\n");
    }

    private static void reply(int status, String body, com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
