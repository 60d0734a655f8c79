package com.questportal.sandbox;

import static com.questportal.sandbox.QuestStackDeployment.parameter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingActivity;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The quest stack with auto scaling on requests per target, in a sandbox whose metric datapoints last half a second instead of
 * a minute: load through the load balancer scales the service out within its bounds, and quiet scales it back in after the
 * cooldown, each change a scaling activity that says why; a deploy in the middle keeps the count auto scaling set; what the
 * policies track is in CloudWatch.
 */
class AutoScalingIntegrationTests {

    @TempDir
    Path dataDir;

    @Test
    void requestsThroughTheLoadBalancerScaleTheServiceOutWithinItsBoundsAndQuietScalesItBackIn() throws Exception {
        QuestStackDeployment quest = new QuestStackDeployment("scaling");
        try (SandboxFixture fixture = SandboxFixture.start(SandboxConfig.defaults(dataDir).withPort(0).withStepDelay(Duration.ofMillis(20))
                .withScalingPeriod(Duration.ofMillis(500)));
             EcrClient ecr = fixture.ecr(); SsmClient ssm = fixture.ssm(); CloudFormationClient cloudFormation = fixture.cloudFormation();
             EcsClient ecs = fixture.ecs(); ApplicationAutoScalingClient scaling = fixture.scaling();
             CloudWatchClient cloudWatch = fixture.cloudWatch()) {
            quest.prepare(ecr, ssm);
            quest.publishV2(ecr);
            quest.create(cloudFormation, parameter("EnableAutoScaling", "true"), parameter("DesiredCount", "1"),
                    parameter("AutoScalingMinCapacity", "1"), parameter("AutoScalingMaxCapacity", "3"),
                    parameter("AutoScalingTargetRequestsPerTarget", "300"), parameter("AutoScalingScaleOutCooldown", "0"),
                    parameter("AutoScalingScaleInCooldown", "2"));
            quest.awaitStable(ecs);
            String url = quest.output(cloudFormation, "AlbUrl");
            QuestStackDeployment.awaitOk(url + "health");
            String resource = "service/" + quest.cluster() + "/" + quest.service();
            Service before = ecs.describeServices(r -> r.cluster(quest.cluster()).services(quest.service())).services().get(0);

            // About 20 requests a second on one target: 1,200 a minute against a target of 300 → 4 tasks, at most 3.
            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicInteger answered = new AtomicInteger();
            Thread load = new Thread(() -> {
                long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (loading.get() && System.nanoTime() < until) {
                    try {
                        if (QuestStackDeployment.HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                            answered.incrementAndGet();
                        }
                        Thread.sleep(50);
                    } catch (java.io.IOException | InterruptedException stopped) {
                        return; // the load ends with the test; what it achieved is asserted below
                    }
                }
            }, "scaling-load");
            load.setDaemon(true);
            load.start();
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> desired(ecs, quest) == 3);
                // A deploy while the new tasks still start: as on AWS, CloudFormation does not send the template's unchanged
                // DesiredCount (1), so the deploy replaces the three tasks auto scaling asked for, not one.
                quest.startRedeploy(cloudFormation, "v2");
                SandboxFixture.waiter(cloudFormation).waitUntilStackUpdateComplete(r -> r.stackName(quest.stackName));
                Service deployed = ecs.describeServices(r -> r.cluster(quest.cluster()).services(quest.service())).services().get(0);
                assertThat(deployed.desiredCount()).as("the deploy kept the scaled-out count").isEqualTo(3);
                assertThat(deployed.deployments()).singleElement().satisfies(primary -> {
                    assertThat(primary.taskDefinition()).isNotEqualTo(before.taskDefinition());
                    assertThat(primary.runningCount()).isEqualTo(3);
                });
            } finally {
                loading.set(false);
                load.join(10_000);
            }
            assertThat(answered.get()).as("the load went through the load balancer").isPositive();
            ScalingActivity out = activities(scaling, resource).get(0);
            assertThat(out.description()).isEqualTo("Setting desired count to 3.");
            assertThat(out.cause()).startsWith("monitor alarm TargetTracking-" + resource + "-AlarmHigh-")
                    .endsWith("in state ALARM triggered policy scaling-quest_requests_per_target");
            assertThat(out.statusCodeAsString()).isEqualTo("Successful");
            assertThat(out.statusMessage()).isEqualTo("Successfully set desired count to 3. Change successfully fulfilled by ecs.");
            assertThat(perMinute(cloudWatch, "AWS/ApplicationELB", "RequestCountPerTarget", "Sum", Map.of("LoadBalancer",
                    quest.output(cloudFormation, "LoadBalancerFullName"), "TargetGroup", targetGroup(cloudFormation, quest))))
                    .as("ALB's RequestCountPerTarget, as the policy tracks it").isNotEmpty()
                    .allSatisfy(perTarget -> assertThat(perTarget).isPositive().isLessThanOrEqualTo(answered.get()));

            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).until(() -> desired(ecs, quest) == 1);
            ScalingActivity in = activities(scaling, resource).get(0);
            assertThat(in.description()).as("quiet scales in to the minimum").isEqualTo("Setting desired count to 1.");
            assertThat(in.cause()).contains("-AlarmLow-").endsWith("triggered policy scaling-quest_requests_per_target");
            assertThat(activities(scaling, resource)).as("nothing beyond the bounds, nothing else").hasSize(2);
            assertThat(perMinute(cloudWatch, "AWS/ECS", "CPUUtilization", "Average", Map.of("ClusterName", quest.cluster(),
                    "ServiceName", quest.service()))).as("ECS's CPUUtilization of the service, as a CPU policy tracks it")
                    .isNotEmpty().anySatisfy(percent -> assertThat(percent).isPositive());
        }
    }

    /** The metric's values per minute over the last ten minutes, by its statistic, as GetMetricData answers. */
    private static List<Double> perMinute(CloudWatchClient cloudWatch, String namespace, String name, String statistic,
                                          Map<String, String> dimensions) {
        return cloudWatch.getMetricData(r -> r.startTime(Instant.now().minus(Duration.ofMinutes(10)))
                .endTime(Instant.now().plus(Duration.ofMinutes(1))).metricDataQueries(query -> query.id("m").metricStat(stat -> stat
                        .period(60).stat(statistic).metric(metric -> metric.namespace(namespace).metricName(name)
                                .dimensions(dimensions.entrySet().stream().map(entry -> Dimension.builder().name(entry.getKey())
                                        .value(entry.getValue()).build()).toList())))))
                .metricDataResults().get(0).values();
    }

    private static String targetGroup(CloudFormationClient cloudFormation, QuestStackDeployment quest) {
        String arn = quest.output(cloudFormation, "TargetGroupArn");
        return arn.substring(arn.lastIndexOf(':') + 1);
    }

    private static int desired(EcsClient ecs, QuestStackDeployment quest) {
        return ecs.describeServices(r -> r.cluster(quest.cluster()).services(quest.service())).services().get(0).desiredCount();
    }

    private static List<ScalingActivity> activities(ApplicationAutoScalingClient scaling, String resource) {
        return scaling.describeScalingActivities(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId(resource)).scalingActivities();
    }
}
