package com.questportal.sandbox.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingActivity;

/** The scaler's rules on a service whose CPU and desired count the test sets: bounds, datapoints, cooldowns, scale-in off. */
class ScalerTests {

    private static final String SERVICE = "service/c/s";

    @TempDir
    Path dataDir;
    private final long[] now = {Instant.parse("2026-12-01T03:00:00Z").toEpochMilli()};
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now[0]);
        }
    };
    private int desired = 2;
    private double cpuPercent;
    private Duration cpuTime = Duration.ZERO;
    private final List<Integer> set = new ArrayList<>();
    private ScalingService service;
    private Scaler scaler;

    /** A service of 2 tasks of 1 vCPU each, busy at {@link #cpuPercent}. */
    private final ScalingSignals signals = new ScalingSignals() {
        @Override
        public Optional<Capacity> capacity(String account, String region, String cluster, String name) {
            return Optional.of(new Capacity(desired, desired, cpuTime, desired));
        }

        @Override
        public void setDesiredCount(String account, String region, String cluster, String name, int count) {
            desired = count;
            set.add(count);
        }

        @Override
        public Optional<Traffic> traffic(String account, String region, String label) {
            return Optional.empty();
        }
    };

    @BeforeEach
    void aTargetTrackingCpu() {
        service = new ScalingService(dataDir, clock);
        scaler = new Scaler(service.store(), signals, clock, Duration.ofMinutes(1));
        service.register("000000000000", "eu-west-1", RegisterScalableTargetRequest.builder().serviceNamespace("ecs").resourceId(SERVICE)
                .scalableDimension("ecs:service:DesiredCount").minCapacity(1).maxCapacity(5).build());
    }

    @Test
    void threeMinutesAboveTheTargetScaleOutInProportionAndFifteenBelowScaleInAfterTheCooldown() {
        policy(false);
        cpuPercent = 90;
        minutes(3);
        assertThat(set).as("the first minute only sets the baseline").isEmpty();
        minutes(1);
        assertThat(set).as("ceil(2 × 90 / 50)").containsExactly(4);
        assertThat(activities().get(0).cause()).contains("AlarmHigh").endsWith("triggered policy cpu");

        cpuPercent = 10;
        minutes(14);
        assertThat(set).as("fourteen quiet minutes are not fifteen").containsExactly(4);
        minutes(1);
        assertThat(set).as("ceil(4 × 10 / 50), within min 1").containsExactly(4, 1);
        assertThat(activities().get(0).description()).isEqualTo("Setting desired count to 1.");
    }

    @Test
    void scaleInDisabledKeepsTheCapacityAndBoundsAreEnforcedFirst() {
        policy(true);
        cpuPercent = 10;
        minutes(20);
        assertThat(set).as("the policy does not scale in").isEmpty();

        service.register("000000000000", "eu-west-1", RegisterScalableTargetRequest.builder().serviceNamespace("ecs").resourceId(SERVICE)
                .scalableDimension("ecs:service:DesiredCount").minCapacity(3).build());
        minutes(1);
        assertThat(set).containsExactly(3);
        assertThat(activities().get(0).cause()).isEqualTo("minimum capacity was set to 3");
    }

    private void policy(boolean disableScaleIn) {
        service.putPolicy("000000000000", "eu-west-1", PutScalingPolicyRequest.builder().policyName("cpu").serviceNamespace("ecs")
                .resourceId(SERVICE).scalableDimension("ecs:service:DesiredCount").policyType("TargetTrackingScaling")
                .targetTrackingScalingPolicyConfiguration(t -> t.targetValue(50.0).scaleInCooldown(300).scaleOutCooldown(60)
                        .disableScaleIn(disableScaleIn)
                        .predefinedMetricSpecification(m -> m.predefinedMetricType(MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION)))
                .build());
    }

    /** Minutes pass, the service's tasks busy at the CPU the test set; the scaler evaluates at the end of each. */
    private void minutes(int count) {
        for (int i = 0; i < count; i++) {
            now[0] += 60_000;
            cpuTime = cpuTime.plusMillis((long) (60_000 * desired * cpuPercent / 100));
            scaler.evaluateAll();
        }
    }

    private List<ScalingActivity> activities() {
        ScalingStore.Scope scope = service.store().scope("000000000000", "eu-west-1");
        synchronized (scope) {
            return List.copyOf(scope.activities);
        }
    }
}
