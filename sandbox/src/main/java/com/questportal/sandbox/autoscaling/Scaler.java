package com.questportal.sandbox.autoscaling;

import com.questportal.sandbox.runtime.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingActivity;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.TargetTrackingScalingPolicyConfiguration;

/**
 * Applies target-tracking policies to ECS services' desired counts from real signals, as Application Auto Scaling does: one
 * datapoint of the policy's metric each period (AWS's minute; shorter in tests), {@code ALBRequestCountPerTarget} from the
 * requests the load balancer passed to the target group over the period per healthy target (as a per-minute rate), and
 * {@code ECSServiceAverageCPUUtilization} from the CPU time the service's task processes used against the vCPUs they reserve.
 * Like AWS's alarms: three datapoints above the target scale out to {@code ceil(desired × metric / target)}, fifteen below 90%
 * of it scale in, within min and max; a scale-out waits out the scale-out cooldown unless it adds more, a scale-in waits out
 * both cooldowns, and none happens when the policy disables scale-in or the target suspends it. Each change is a scaling
 * activity worded as AWS words them. A service outside its target's min and max is brought within them first.
 */
final class Scaler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scaler.class);
    static final int OUT_DATAPOINTS = 3;
    static final int IN_DATAPOINTS = 15;

    /** What the scaler remembers of one policy between periods (not kept across restarts: the datapoints start again). */
    private static final class Tracked {
        final Deque<Double> datapoints = new ArrayDeque<>();
        Long lastRequests;
        Duration lastCpu;
        Instant lastAt;
    }

    /** When a target last scaled out (and to what) and last scaled at all. */
    private record LastScaling(Instant out, int outTo, Instant any) {
    }

    private final ScalingStore store;
    private final ScalingSignals signals;
    private final Clock clock;
    private final Duration period;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final Map<String, LastScaling> last = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sandbox-scaler"));

    Scaler(ScalingStore store, ScalingSignals signals, Clock clock, Duration period) {
        this.store = store;
        this.signals = signals;
        this.clock = clock;
        this.period = period;
    }

    void start() {
        ticker.scheduleAtFixedRate(this::evaluateAll, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One period: a datapoint for each policy, and the changes they call for. */
    void evaluateAll() {
        for (ScalingStore.Located located : store.all()) {
            List<ScalableTarget> targets;
            List<ScalingPolicy> policies;
            synchronized (located.scope()) {
                targets = List.copyOf(located.scope().targets);
                policies = List.copyOf(located.scope().policies);
            }
            for (ScalableTarget target : targets) {
                try {
                    evaluate(located, target, policies.stream().filter(policy -> policy.resourceId().equals(target.resourceId())
                            && "TargetTrackingScaling".equals(policy.policyTypeAsString())).toList());
                } catch (RuntimeException e) {
                    // One target's failure must not stop the others from scaling.
                    log.error("event=scaling_failed resource={}", target.resourceId(), e);
                }
            }
        }
    }

    private void evaluate(ScalingStore.Located located, ScalableTarget target, List<ScalingPolicy> policies) {
        String[] names = target.resourceId().split("/");
        Optional<ScalingSignals.Capacity> found = signals.capacity(located.account(), located.region(), names[1], names[2]);
        if (found.isEmpty()) {
            return;
        }
        ScalingSignals.Capacity capacity = found.get();
        int desired = capacity.desired();
        if (desired < target.minCapacity()) {
            scale(located, target, names, target.minCapacity(), "minimum capacity was set to " + target.minCapacity(), true);
            return;
        }
        if (desired > target.maxCapacity()) {
            scale(located, target, names, target.maxCapacity(), "maximum capacity was set to " + target.maxCapacity(), false);
            return;
        }
        Instant now = clock.instant();
        LastScaling before = last.get(located.key(target.resourceId()));
        Integer out = null;
        String outCause = null;
        Integer in = null;
        String inCause = null;
        boolean allWantIn = !policies.isEmpty();
        for (ScalingPolicy policy : policies) {
            TargetTrackingScalingPolicyConfiguration tracking = policy.targetTrackingScalingPolicyConfiguration();
            Double datapoint = datapoint(located, policy, capacity, now);
            Tracked state = tracked.get(policy.policyARN());
            if (datapoint == null || state.datapoints.size() < OUT_DATAPOINTS) {
                allWantIn = false;
                continue;
            }
            int wanted = Math.max(target.minCapacity(), Math.min(target.maxCapacity(),
                    (int) Math.ceil(Math.max(1, desired) * datapoint / tracking.targetValue())));
            boolean high = state.datapoints.stream().limit(OUT_DATAPOINTS).allMatch(value -> value > tracking.targetValue());
            boolean low = state.datapoints.size() >= IN_DATAPOINTS
                    && state.datapoints.stream().allMatch(value -> value < 0.9 * tracking.targetValue());
            int outCooldown = tracking.scaleOutCooldown() == null ? 300 : tracking.scaleOutCooldown();
            int inCooldown = tracking.scaleInCooldown() == null ? 300 : tracking.scaleInCooldown();
            if (high && wanted > desired && (before == null || now.isAfter(before.out().plusSeconds(outCooldown)) || wanted > before.outTo())) {
                if (out == null || wanted > out) {
                    out = wanted;
                    outCause = alarmCause(policy, "AlarmHigh");
                }
            }
            boolean inAllowed = low && wanted < desired && !Boolean.TRUE.equals(tracking.disableScaleIn())
                    && !(target.suspendedState() != null && Boolean.TRUE.equals(target.suspendedState().dynamicScalingInSuspended()))
                    && (before == null || now.isAfter(before.any().plusSeconds(inCooldown)) && now.isAfter(before.out().plusSeconds(outCooldown)));
            if (inAllowed) {
                if (in == null || wanted > in) {
                    in = wanted;
                    inCause = alarmCause(policy, "AlarmLow");
                }
            } else {
                allWantIn = false;
            }
        }
        boolean outSuspended = target.suspendedState() != null && Boolean.TRUE.equals(target.suspendedState().dynamicScalingOutSuspended());
        if (out != null && !outSuspended) {
            scale(located, target, names, out, outCause, true);
            forget(policies);
        } else if (allWantIn && in != null) {
            scale(located, target, names, in, inCause, false);
            forget(policies);
        }
    }

    /** After a change the datapoints start again: those before it were of the capacity before it. */
    private void forget(List<ScalingPolicy> policies) {
        policies.forEach(policy -> {
            Tracked state = tracked.get(policy.policyARN());
            if (state != null) {
                state.datapoints.clear();
            }
        });
    }

    /** The policy's datapoint for the period just ended, newest first in its memory; null for the first, which sets the baseline. */
    private Double datapoint(ScalingStore.Located located, ScalingPolicy policy, ScalingSignals.Capacity capacity, Instant now) {
        Tracked state = tracked.computeIfAbsent(policy.policyARN(), arn -> new Tracked());
        var metric = policy.targetTrackingScalingPolicyConfiguration().predefinedMetricSpecification();
        Double value = null;
        if ("ALBRequestCountPerTarget".equals(metric.predefinedMetricTypeAsString())) {
            String label = metric.resourceLabel();
            Optional<ScalingSignals.Traffic> traffic = signals.traffic(located.account(), located.region(),
                    label.substring(label.indexOf("targetgroup/")));
            if (traffic.isEmpty()) {
                return null;
            }
            long requests = traffic.get().requests();
            if (state.lastRequests != null) {
                double seconds = Math.max(0.001, Duration.between(state.lastAt, now).toMillis() / 1000.0);
                value = (requests - state.lastRequests) / (double) Math.max(1, traffic.get().healthyTargets()) * 60.0 / seconds;
            }
            state.lastRequests = requests;
        } else if ("ECSServiceAverageCPUUtilization".equals(metric.predefinedMetricTypeAsString())) {
            if (state.lastCpu != null && capacity.vcpus() > 0) {
                double wall = Math.max(1, Duration.between(state.lastAt, now).toMillis());
                value = Math.max(0, capacity.cpuTime().minus(state.lastCpu).toMillis()) / (wall * capacity.vcpus()) * 100.0;
            }
            state.lastCpu = capacity.cpuTime();
        } else {
            return null; // memory is not measured here: the policy is kept but does not scale
        }
        state.lastAt = now;
        if (value != null) {
            state.datapoints.addFirst(value);
            while (state.datapoints.size() > IN_DATAPOINTS) {
                state.datapoints.removeLast();
            }
        }
        return value;
    }

    private void scale(ScalingStore.Located located, ScalableTarget target, String[] names, int to, String cause, boolean out) {
        Instant started = clock.instant();
        signals.setDesiredCount(located.account(), located.region(), names[1], names[2], to);
        String key = located.key(target.resourceId());
        LastScaling before = last.get(key);
        last.put(key, out ? new LastScaling(started, to, started)
                : new LastScaling(before == null ? Instant.EPOCH : before.out(), before == null ? 0 : before.outTo(), started));
        ScalingActivity activity = ScalingActivity.builder().activityId(UUID.randomUUID().toString())
                .serviceNamespace(ScalingService.NAMESPACE).resourceId(target.resourceId()).scalableDimension(ScalingService.DIMENSION)
                .description("Setting desired count to " + to + ".").cause(cause).startTime(started).endTime(clock.instant())
                .statusCode("Successful").statusMessage("Successfully set desired count to " + to
                        + ". Change successfully fulfilled by ecs.").build();
        synchronized (located.scope()) {
            located.scope().activities.add(0, activity);
            located.scope().save();
        }
        log.info("event=scaled resource={} desired={} cause=\"{}\"", target.resourceId(), to, cause);
    }

    /** AWS's cause: the alarm that fired, by name, and the policy it triggered. */
    private static String alarmCause(ScalingPolicy policy, String which) {
        String alarm = policy.alarms().stream().map(found -> found.alarmName()).filter(name -> name.contains("-" + which + "-"))
                .findFirst().orElse("TargetTracking-" + policy.resourceId() + "-" + which);
        return "monitor alarm " + alarm + " in state ALARM triggered policy " + policy.policyName();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
