package com.questportal.portal.status;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.aws.AwsFailure;
import com.questportal.portal.environment.Environment;
import com.questportal.portal.environment.EnvironmentDirectory;
import com.questportal.portal.environment.StackSummaries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * An environment's load balancer traffic over the last hour — requests, 5xx answers (the targets' and the load
 * balancer's own) and target response time p50 and p99, per minute — from CloudWatch's {@code AWS/ApplicationELB}
 * metrics. One GetMetricData call per environment and refresh ({@code portal.status.traffic-refresh}, a minute, as
 * CloudWatch's one-minute data changes) however many people look: readers share the cached answer, and a read
 * already under way is joined, not repeated. Only environments someone looks at are read.
 */
@Component
class TrafficMetrics {

    static final Duration WINDOW = Duration.ofHours(1);

    private final EnvironmentDirectory environments;
    private final StackSummaries stacks;
    private final AwsClients aws;
    private final Clock clock = Clock.systemUTC();
    private final Cache<String, TrafficChart> charts;

    TrafficMetrics(EnvironmentDirectory environments, StackSummaries stacks, AwsClients aws,
                   @Value("${portal.status.traffic-refresh:PT1M}") Duration refresh) {
        this.environments = environments;
        this.stacks = stacks;
        this.aws = aws;
        this.charts = Caffeine.newBuilder().expireAfterWrite(refresh).maximumSize(10_000).build();
    }

    /** The last hour of the environment's traffic, or an empty chart that says why there is none. */
    TrafficChart lastHour(String name) {
        Optional<Source> source = source(name);
        if (source.isEmpty()) {
            return TrafficChart.none(clock.instant(), "The environment has no load balancer yet: the chart starts once it is applied.");
        }
        if (source.get().loadBalancer() == null) {
            return TrafficChart.none(clock.instant(), "The stack does not name its load balancer's metrics yet (an output added to the"
                    + " template since it was applied): the chart starts after the next apply.");
        }
        return charts.get(name + "|" + source.get().loadBalancer(), key -> read(source.get()));
    }

    private record Source(AwsClients.Target target, String loadBalancer) {
    }

    private Optional<Source> source(String name) {
        StackSummaries.StackSummary stack = stacks.of(name).orElse(null);
        if (!StatusPoller.hasService(stack)) {
            return Optional.empty();
        }
        return environments.find(name).map(Environment::awsTarget)
                .map(target -> new Source(target, stack.outputs().get("LoadBalancerFullName")));
    }

    private TrafficChart read(Source source) {
        Instant now = clock.instant();
        Instant end = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Instant start = end.minus(WINDOW);
        try {
            GetMetricDataResponse answer = aws.cloudWatch(source.target()).getMetricData(r -> r.startTime(start).endTime(end)
                    .scanBy(ScanBy.TIMESTAMP_ASCENDING).metricDataQueries(
                            query(TrafficChart.REQUESTS, "RequestCount", "Sum", source.loadBalancer()),
                            query(TrafficChart.TARGET_5XX, "HTTPCode_Target_5XX_Count", "Sum", source.loadBalancer()),
                            query(TrafficChart.LOAD_BALANCER_5XX, "HTTPCode_ELB_5XX_Count", "Sum", source.loadBalancer()),
                            query(TrafficChart.P50, "TargetResponseTime", "p50", source.loadBalancer()),
                            query(TrafficChart.P99, "TargetResponseTime", "p99", source.loadBalancer())));
            return TrafficChart.of(start, end, answer.metricDataResults(), now);
        } catch (SdkException e) {
            return TrafficChart.none(now, AwsFailure.of(e, "CloudWatch GetMetricData").message() + " The next try is within a minute.");
        }
    }

    private static MetricDataQuery query(String id, String metric, String statistic, String loadBalancer) {
        return MetricDataQuery.builder().id(id).metricStat(stat -> stat.period(60).stat(statistic).metric(m -> m
                .namespace("AWS/ApplicationELB").metricName(metric)
                .dimensions(Dimension.builder().name("LoadBalancer").value(loadBalancer).build()))).build();
    }
}
