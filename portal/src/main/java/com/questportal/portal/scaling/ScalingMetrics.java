package com.questportal.portal.scaling;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.aws.AwsFailure;
import com.questportal.portal.environment.Environment;
import com.questportal.portal.environment.StackSummaries;
import com.questportal.portal.status.LiveStatus;
import com.questportal.portal.status.TaskCounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/**
 * The last hour of what an environment's scaling policy tracks, from CloudWatch: ALB's {@code RequestCountPerTarget} (Sum per
 * minute) of the policy's target group, or ECS's {@code CPUUtilization} (Average) of the service — the metrics Application Auto
 * Scaling's own alarms watch. One GetMetricData call per environment and refresh ({@code portal.scaling.chart-refresh}, a
 * minute, as the metric changes once a minute) however many people look; the tasks beside it are the status poller's.
 */
@Component
class ScalingMetrics {

    static final Duration WINDOW = Duration.ofHours(1);

    private final StackSummaries stacks;
    private final AwsClients aws;
    private final LiveStatus live;
    private final Clock clock = Clock.systemUTC();
    private final Cache<String, Tracked> readings;

    /** One CloudWatch reading of the tracked metric: its values by minute (epoch seconds), or why there are none. */
    private record Tracked(Map<Long, Double> byMinute, String problem) {
    }

    ScalingMetrics(StackSummaries stacks, AwsClients aws, LiveStatus live,
                   @Value("${portal.scaling.chart-refresh:PT1M}") Duration refresh) {
        this.stacks = stacks;
        this.aws = aws;
        this.live = live;
        this.readings = Caffeine.newBuilder().expireAfterWrite(refresh).maximumSize(10_000).build();
    }

    /** The chart of the environment whose scaling reads as {@code reading} (null: the stack has no service yet). */
    ScalingChart lastHour(Environment environment, ScalingReading reading) {
        Instant now = clock.instant();
        Instant end = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Instant start = end.minus(WINDOW);
        if (reading == null) {
            return ScalingChart.none(now, "The environment has no service yet: the chart starts once it is applied.");
        }
        if (reading.problem() != null) {
            return ScalingChart.none(now, reading.problem());
        }
        if (!reading.registered() || reading.policy() == null) {
            return ScalingChart.none(now, "Auto scaling is off on AWS: there is no policy to chart. The tasks chart above shows the"
                    + " service.");
        }
        ScalingReading.Policy policy = reading.policy();
        MetricStat.Builder stat = stat(policy, stacks.of(environment.getName()).map(StackSummaries.StackSummary::outputs).orElse(Map.of()));
        TaskCounts tasks = live.tasksPerMinute(environment, start, end);
        if (stat == null) {
            return ScalingChart.of(tasks.at(), tasks.desired(), tasks.running(), Map.of(), policy.target(), policy.metric(), now,
                    "The policy tracks " + policy.metricType() + ", which the portal does not chart.");
        }
        MetricStat metric = stat.period(60).build();
        Tracked tracked = readings.get(environment.getName() + "|" + metric, key -> read(environment, metric, start, end));
        return ScalingChart.of(tasks.at(), tasks.desired(), tasks.running(), tracked.byMinute(), policy.target(), label(policy), now,
                tracked.problem());
    }

    private Tracked read(Environment environment, MetricStat metric, Instant start, Instant end) {
        try {
            List<MetricDataResult> results = aws.cloudWatch(environment.awsTarget()).getMetricData(r -> r.startTime(start).endTime(end)
                    .metricDataQueries(query -> query.id("tracked").metricStat(metric))).metricDataResults();
            Map<Long, Double> byMinute = new HashMap<>();
            for (MetricDataResult result : results) {
                for (int i = 0; i < result.timestamps().size() && i < result.values().size(); i++) {
                    byMinute.put(result.timestamps().get(i).getEpochSecond(), result.values().get(i));
                }
            }
            return new Tracked(byMinute, null);
        } catch (SdkException e) {
            return new Tracked(Map.of(), AwsFailure.of(e, "CloudWatch GetMetricData").message() + " The next try is within a minute.");
        }
    }

    /** The metric Application Auto Scaling's alarms watch for the policy's predefined metric; null for one not charted. */
    private static MetricStat.Builder stat(ScalingReading.Policy policy, Map<String, String> outputs) {
        if ("ALBRequestCountPerTarget".equals(policy.metricType()) && policy.resourceLabel() != null
                && policy.resourceLabel().contains("/targetgroup/")) {
            String label = policy.resourceLabel();
            int split = label.indexOf("/targetgroup/");
            return MetricStat.builder().stat("Sum").metric(m -> m.namespace("AWS/ApplicationELB").metricName("RequestCountPerTarget")
                    .dimensions(dimension("LoadBalancer", label.substring(0, split)), dimension("TargetGroup", label.substring(split + 1))));
        }
        if ("ECSServiceAverageCPUUtilization".equals(policy.metricType()) && outputs.get("ClusterName") != null
                && outputs.get("ServiceName") != null) {
            return MetricStat.builder().stat("Average").metric(m -> m.namespace("AWS/ECS").metricName("CPUUtilization")
                    .dimensions(dimension("ClusterName", outputs.get("ClusterName")), dimension("ServiceName", outputs.get("ServiceName"))));
        }
        return null;
    }

    private static String label(ScalingReading.Policy policy) {
        return "ALBRequestCountPerTarget".equals(policy.metricType()) ? "Requests per task / min" : "CPU %";
    }

    private static Dimension dimension(String name, String value) {
        return Dimension.builder().name(name).value(value).build();
    }
}
