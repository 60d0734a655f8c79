package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * CloudWatch's {@code AWS/ApplicationELB} metrics, from what a sandbox load balancer really carried, read
 * with the SDK's CloudWatch client (Smithy RPC v2 CBOR). The AWS CLI reads them over the query protocol in
 * {@link AwsCliIntegrationTests}.
 */
class CloudWatchMetricsTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;
    SandboxFixture fixture;
    ElasticLoadBalancingV2Client elb;
    CloudWatchClient cloudWatch;
    HttpServer target;
    LoadBalancer alb;

    @BeforeEach
    void start() throws IOException {
        fixture = SandboxFixture.start(dataDir);
        elb = fixture.elbv2();
        cloudWatch = fixture.cloudWatch();
        QuestNetworkStackTests.deployNetwork(fixture);
        alb = elb.describeLoadBalancers(r -> r.names("dev-quest-alb")).loadBalancers().get(0);
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        target.createContext("/", exchange -> {
            int status = switch (exchange.getRequestURI().getPath()) {
                case "/boom" -> 500;
                case "/slow" -> {
                    sleep(120);
                    yield 200;
                }
                default -> 200;
            };
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        target.start();
    }

    @AfterEach
    void stop() {
        target.stop(0);
        cloudWatch.close();
        elb.close();
        fixture.close();
    }

    @Test
    void requestsFiveHundredsAndResponseTimesOfALoadBalancerAreItsMetrics() throws Exception {
        Instant start = Instant.now().minusSeconds(120);
        String url = "http://" + alb.dnsName();
        assertThat(get(url + "/before")).as("no healthy target yet: the load balancer answers itself").isEqualTo(503);
        TargetGroup group = elb.describeTargetGroups(r -> r.loadBalancerArn(alb.loadBalancerArn())).targetGroups().get(0);
        elb.registerTargets(r -> r.targetGroupArn(group.targetGroupArn()).targets(t -> t.id("127.0.0.1").port(target.getAddress().getPort())));
        await().atMost(Duration.ofSeconds(30)).until(() -> elb.describeTargetHealth(r -> r.targetGroupArn(group.targetGroupArn()))
                .targetHealthDescriptions().get(0).targetHealth().stateAsString().equals("healthy"));
        for (int i = 0; i < 20; i++) {
            assertThat(get(url + "/ok")).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(get(url + "/boom")).isEqualTo(500);
        }
        assertThat(get(url + "/slow")).isEqualTo(200);

        String loadBalancer = alb.loadBalancerArn().substring(alb.loadBalancerArn().indexOf(":loadbalancer/") + 14);
        GetMetricDataResponse answer = cloudWatch.getMetricData(r -> r.startTime(start).endTime(Instant.now().plusSeconds(60))
                .scanBy(ScanBy.TIMESTAMP_ASCENDING).metricDataQueries(
                        query("requests", "RequestCount", "Sum", loadBalancer),
                        query("elb5xx", "HTTPCode_ELB_5XX_Count", "Sum", loadBalancer),
                        query("target5xx", "HTTPCode_Target_5XX_Count", "Sum", loadBalancer),
                        query("p50", "TargetResponseTime", "p50", loadBalancer),
                        query("p99", "TargetResponseTime", "p99", loadBalancer),
                        query("answered", "TargetResponseTime", "SampleCount", loadBalancer)));

        Map<String, MetricDataResult> results = answer.metricDataResults().stream()
                .collect(Collectors.toMap(MetricDataResult::id, result -> result));
        assertThat(results.values()).allSatisfy(result -> {
            assertThat(result.statusCode()).isEqualTo(StatusCode.COMPLETE);
            assertThat(result.timestamps()).as("one point per minute that had traffic").hasSameSizeAs(result.values()).isNotEmpty()
                    .allSatisfy(at -> assertThat(at.getEpochSecond() % 60).isZero()).isSorted();
        });
        assertThat(sum(results.get("requests"))).as("every request, answered by a target or not").isEqualTo(25);
        assertThat(sum(results.get("elb5xx"))).isEqualTo(1);
        assertThat(sum(results.get("target5xx"))).isEqualTo(3);
        assertThat(sum(results.get("answered"))).isEqualTo(24);
        assertThat(results.get("p99").values()).as("the slow answer is the 99th percentile").anySatisfy(p99 -> assertThat(p99)
                .isGreaterThanOrEqualTo(0.1));
        assertThat(results.get("p50").values()).allSatisfy(p50 -> assertThat(p50).isGreaterThan(0).isLessThan(0.1));
        assertThat(results.get("requests").label()).isEqualTo("RequestCount");

        assertThat(cloudWatch.listMetrics(r -> r.namespace("AWS/ApplicationELB").metricName("RequestCount")).metrics())
                .extracting(metric -> metric.dimensions().stream().map(Dimension::name).toList())
                .containsExactlyInAnyOrder(List.of("LoadBalancer"), List.of("LoadBalancer", "TargetGroup"));
    }

    @Test
    void badQueriesAreRefusedWithCloudWatchsErrors() {
        Instant now = Instant.now();
        assertThatExceptionOfType(InvalidParameterValueException.class).isThrownBy(() -> cloudWatch.getMetricData(r -> r
                .startTime(now.minusSeconds(600)).endTime(now).metricDataQueries(query("q", "RequestCount", "p101", "app/x/1"))))
                .withMessageContaining("MetricStat.Stat is not valid");
        assertThatExceptionOfType(InvalidParameterValueException.class).isThrownBy(() -> cloudWatch.getMetricData(r -> r
                .startTime(now).endTime(now.minusSeconds(600)).metricDataQueries(query("q", "RequestCount", "Sum", "app/x/1"))))
                .withMessageContaining("StartTime must be less than the parameter EndTime");
        assertThatExceptionOfType(InvalidParameterValueException.class).isThrownBy(() -> cloudWatch.getMetricData(r -> r
                .startTime(now.minusSeconds(600)).endTime(now).metricDataQueries(MetricDataQuery.builder().id("total")
                        .expression("SUM(METRICS())").build())))
                .withMessageContaining("does not evaluate metric math");
        assertThatExceptionOfType(CloudWatchException.class).isThrownBy(() -> cloudWatch.getMetricData(r -> r
                .startTime(now.minusSeconds(600)).endTime(now).metricDataQueries(query("Upper", "RequestCount", "Sum", "app/x/1"))))
                .satisfies(error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));

        MetricDataResult nothing = cloudWatch.getMetricData(r -> r.startTime(now.minusSeconds(600)).endTime(now)
                .metricDataQueries(query("q", "RequestCount", "Sum", "app/nothing/1"))).metricDataResults().get(0);
        assertThat(nothing.statusCode()).isEqualTo(StatusCode.COMPLETE);
        assertThat(nothing.values()).as("a metric with no data has no points, as in CloudWatch").isEmpty();
    }

    private static MetricDataQuery query(String id, String metric, String stat, String loadBalancer) {
        return MetricDataQuery.builder().id(id).metricStat(s -> s.stat(stat).period(60).metric(m -> m.namespace("AWS/ApplicationELB")
                .metricName(metric).dimensions(Dimension.builder().name("LoadBalancer").value(loadBalancer).build()))).build();
    }

    private static double sum(MetricDataResult result) {
        return result.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static int get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
