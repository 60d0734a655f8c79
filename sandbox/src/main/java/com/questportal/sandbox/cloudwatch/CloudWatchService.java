package com.questportal.sandbox.cloudwatch;

import com.questportal.sandbox.protocol.AwsService;
import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Operation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * CloudWatch's metric reads (GetMetricData, ListMetrics) over what the sandbox measured itself, in
 * both protocols CloudWatch speaks: query (the AWS CLI) and Smithy RPC v2 CBOR (the Java SDK). The
 * sandbox keeps one-minute data; metric math expressions are refused with a sentence, not guessed.
 */
public final class CloudWatchService {

    private static final String NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    private static final Pattern QUERY_ID = Pattern.compile("[a-z][a-zA-Z0-9_]*");
    private static final int MAX_QUERIES = 500;

    private final MetricStore store;

    public CloudWatchService(MetricStore store) {
        this.store = store;
    }

    public List<AwsService> apis() {
        List<Operation<?, ?>> operations = List.of(
                Operation.<GetMetricDataRequest, GetMetricDataResponse>of("GetMetricData", GetMetricDataRequest::builder,
                        this::getMetricData),
                Operation.<ListMetricsRequest, ListMetricsResponse>of("ListMetrics", ListMetricsRequest::builder, this::listMetrics));
        return List.of(AwsService.query("monitoring", NAMESPACE, operations),
                AwsService.rpcV2Cbor("monitoring", "GraniteServiceVersion20100801", operations));
    }

    private GetMetricDataResponse getMetricData(GetMetricDataRequest request, CallContext context) {
        List<MetricDataQuery> queries = request.metricDataQueries();
        if (queries.isEmpty() || queries.size() > MAX_QUERIES) {
            throw invalid("The parameter MetricDataQueries must hold between 1 and " + MAX_QUERIES + " queries.");
        }
        if (request.startTime() == null || request.endTime() == null) {
            throw new AwsServiceException("MissingParameter", "MissingRequiredParameterException",
                    "The parameters StartTime and EndTime are required.", 400);
        }
        if (!request.startTime().isBefore(request.endTime())) {
            throw invalid("The parameter StartTime must be less than the parameter EndTime.");
        }
        if (request.nextToken() != null) {
            throw new AwsServiceException("InvalidNextToken", "The sandbox answers every query on one page; this token is not one it gave.",
                    400);
        }
        Set<String> ids = new HashSet<>();
        List<MetricDataResult> results = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            MetricDataQuery query = queries.get(i);
            String where = "MetricDataQueries.member." + (i + 1);
            checkQuery(query, where, ids);
            if (query.returnData() == null || query.returnData()) {
                results.add(result(query, request, context.region()));
            }
        }
        return GetMetricDataResponse.builder().metricDataResults(results).messages(List.of()).build();
    }

    private static void checkQuery(MetricDataQuery query, String where, Set<String> ids) {
        if (query.id() == null || !QUERY_ID.matcher(query.id()).matches() || query.id().length() > 255) {
            throw invalid("The value " + query.id() + " for parameter " + where + ".Id is not valid: it must start with a lower-case"
                    + " letter and hold only letters, digits and underscores.");
        }
        if (!ids.add(query.id())) {
            throw invalid("The value " + query.id() + " for parameter " + where + ".Id is used by another query.");
        }
        if (query.expression() != null) {
            throw invalid("The sandbox does not evaluate metric math (" + where + ".Expression); ask for each metric with MetricStat.");
        }
        MetricStat stat = query.metricStat();
        if (stat == null || stat.metric() == null || stat.metric().namespace() == null || stat.metric().metricName() == null) {
            throw new AwsServiceException("MissingParameter", "MissingRequiredParameterException", "The parameter " + where
                    + ".MetricStat with its Metric's Namespace and MetricName is required.", 400);
        }
        Integer period = stat.period();
        if (period == null || !(period == 1 || period == 5 || period == 10 || period == 30 || period > 0 && period % 60 == 0)) {
            throw invalid("The parameter " + where + ".MetricStat.Period must be 1, 5, 10, 30 or a multiple of 60.");
        }
        if (stat.stat() == null || !Statistics.isKnown(stat.stat())) {
            throw invalid("The value " + stat.stat() + " for parameter " + where
                    + ".MetricStat.Stat is not valid: use Sum, Average, Minimum, Maximum, SampleCount or a percentile such as p99.");
        }
    }

    private MetricDataResult result(MetricDataQuery query, GetMetricDataRequest request, String region) {
        MetricStat stat = query.metricStat();
        MetricStore.Metric metric = new MetricStore.Metric(region, stat.metric().namespace(), stat.metric().metricName(),
                dimensions(stat.metric().dimensions()));
        // The sandbox measures per minute, as a standard-resolution metric: shorter periods are answered at 60 seconds.
        int period = Math.max(60, stat.period());
        String unit = store.unit(metric);
        boolean unitMatches = stat.unitAsString() == null || stat.unitAsString().equals(unit);
        NavigableMap<Instant, Statistics> periods = unitMatches
                ? store.periods(metric, request.startTime(), request.endTime(), period) : new java.util.TreeMap<>();
        if (request.scanBy() != ScanBy.TIMESTAMP_ASCENDING) {
            periods = periods.descendingMap();
        }
        List<Instant> timestamps = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        periods.forEach((start, statistics) -> {
            timestamps.add(start);
            values.add(statistics.value(stat.stat()));
        });
        return MetricDataResult.builder().id(query.id()).label(query.label() != null ? query.label() : metric.name())
                .timestamps(timestamps).values(values).statusCode(StatusCode.COMPLETE).messages(List.of()).build();
    }

    private ListMetricsResponse listMetrics(ListMetricsRequest request, CallContext context) {
        if (request.nextToken() != null) {
            throw new AwsServiceException("InvalidNextToken", "The sandbox lists every metric on one page; this token is not one it gave.",
                    400);
        }
        List<software.amazon.awssdk.services.cloudwatch.model.Metric> metrics = new ArrayList<>();
        for (MetricStore.Metric metric : store.metrics(context.region(), request.namespace(), request.metricName())) {
            if (request.dimensions().stream().allMatch(filter -> matches(filter, metric.dimensions()))) {
                metrics.add(software.amazon.awssdk.services.cloudwatch.model.Metric.builder().namespace(metric.namespace())
                        .metricName(metric.name()).dimensions(metric.dimensions().entrySet().stream().sorted(Map.Entry.comparingByKey())
                                .map(entry -> Dimension.builder().name(entry.getKey()).value(entry.getValue()).build()).toList())
                        .build());
            }
        }
        return ListMetricsResponse.builder().metrics(metrics).build();
    }

    private static boolean matches(DimensionFilter filter, Map<String, String> dimensions) {
        String value = dimensions.get(filter.name());
        return value != null && (filter.value() == null || filter.value().equals(value));
    }

    private static Map<String, String> dimensions(List<Dimension> dimensions) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (Dimension dimension : dimensions) {
            if (dimension.name() == null || dimension.value() == null) {
                throw invalid("Each dimension needs a Name and a Value.");
            }
            byName.put(dimension.name(), dimension.value());
        }
        return byName;
    }

    private static AwsServiceException invalid(String message) {
        return new AwsServiceException("InvalidParameterValue", "InvalidParameterValueException", message, 400);
    }
}
