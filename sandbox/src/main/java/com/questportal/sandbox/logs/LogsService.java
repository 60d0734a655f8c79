package com.questportal.sandbox.logs;

import com.questportal.sandbox.cloudformation.ResourceProvider;
import com.questportal.sandbox.protocol.AwsService;
import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.EventStreaming;
import com.questportal.sandbox.protocol.Operation;
import com.questportal.sandbox.protocol.Paging;
import com.questportal.sandbox.protocol.Validation;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogStreamRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogStreamResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.DeleteLogGroupRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DeleteLogGroupResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.DeleteLogStreamRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DeleteLogStreamResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.DeleteRetentionPolicyRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DeleteRetentionPolicyResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.StartLiveTailRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyResponse;

/** CloudWatch Logs: groups with retention, streams, and the event API in {@link LogEvents}. */
public final class LogsService {

    static final String ARN_GROUP = ":log-group:";
    static final Pattern GROUP_NAME = Pattern.compile("[\\.\\-_/#A-Za-z0-9]+");
    static final Pattern STREAM_NAME = Pattern.compile("[^:*]*");
    static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096,
            1827, 2192, 2557, 2922, 3288, 3653);
    private static final int PAGE = 50;

    private final Path directory;
    private final Clock clock;
    private final Map<String, LogStore> stores = new ConcurrentHashMap<>();
    private final LogEvents events;
    private final LiveTails liveTails;

    public LogsService(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
        this.events = new LogEvents(this, clock);
        this.liveTails = new LiveTails(this, clock);
    }

    public AwsService api() {
        return AwsService.json("logs", "Logs_20140328", List.of(
                Operation.of("CreateLogGroup", CreateLogGroupRequest::builder, this::createLogGroup),
                Operation.of("DeleteLogGroup", DeleteLogGroupRequest::builder, this::deleteLogGroup),
                Operation.of("PutRetentionPolicy", PutRetentionPolicyRequest::builder, this::putRetentionPolicy),
                Operation.of("DeleteRetentionPolicy", DeleteRetentionPolicyRequest::builder, this::deleteRetentionPolicy),
                Operation.of("DescribeLogGroups", DescribeLogGroupsRequest::builder, this::describeLogGroups),
                Operation.of("CreateLogStream", CreateLogStreamRequest::builder, this::createLogStream),
                Operation.of("DeleteLogStream", DeleteLogStreamRequest::builder, this::deleteLogStream),
                Operation.of("DescribeLogStreams", DescribeLogStreamsRequest::builder, this::describeLogStreams),
                Operation.of("PutLogEvents", PutLogEventsRequest::builder, events::put),
                Operation.of("GetLogEvents", GetLogEventsRequest::builder, events::get),
                Operation.of("FilterLogEvents", FilterLogEventsRequest::builder, events::filter)),
                List.of(EventStreaming.of("StartLiveTail", StartLiveTailRequest::builder, liveTails::start)));
    }

    /**
     * Appends lines to a stream as the awslogs driver does: the group must exist; the stream is
     * created on first use. False when the group does not exist.
     */
    public boolean ship(String account, String region, String group, String stream, List<long[]> timestamps, List<String> lines) {
        LogStore store = store(account, region);
        synchronized (store) {
            LogStore.Group logGroup = store.groups.get(group);
            if (logGroup == null) {
                return false;
            }
            LogStore.Stream logStream = logGroup.streams.get(stream);
            if (logStream == null) {
                logStream = store.createStream(logGroup, stream, clock.millis());
            }
            store.append(logGroup, logStream, timestamps, lines);
            return true;
        }
    }

    /** {@code AWS::Logs::LogGroup} for the sandbox's CloudFormation. */
    public ResourceProvider logGroupProvider() {
        return new LogGroupProvider(this);
    }

    /** A log group's name from its name or its ARN ({@code arn:aws:logs:<region>:<account>:log-group:<name>[:*]}). */
    static String groupNameOf(String identifier) {
        int marker = identifier.indexOf(ARN_GROUP);
        return marker < 0 ? identifier : identifier.substring(marker + ARN_GROUP.length()).replaceFirst(":\\*$", "");
    }

    LogStore store(String account, String region) {
        return stores.computeIfAbsent(account + "/" + region, key -> new LogStore(directory.resolve(account).resolve(region)));
    }

    LogStore.Group group(LogStore store, String name) {
        LogStore.Group group = store.groups.get(name);
        if (group == null) {
            throw AwsServiceException.badRequest("ResourceNotFoundException", "The specified log group does not exist.");
        }
        return group;
    }

    void createGroup(String account, String region, String name, Integer retentionDays) {
        Validation.json().required("logGroupName", name).length("logGroupName", name, 1, 512)
                .pattern("logGroupName", name, GROUP_NAME).check();
        checkRetention(retentionDays);
        LogStore store = store(account, region);
        synchronized (store) {
            if (store.groups.containsKey(name)) {
                throw AwsServiceException.badRequest("ResourceAlreadyExistsException", "The specified log group already exists");
            }
            store.create(name, clock.millis()).retentionDays = retentionDays;
            store.saveMetadata();
        }
    }

    void deleteGroup(String account, String region, String name) {
        LogStore store = store(account, region);
        synchronized (store) {
            group(store, name);
            store.remove(name);
        }
    }

    /** The group's retention in days, null when it keeps events forever; ResourceNotFoundException when there is no such group. */
    Integer retention(String account, String region, String name) {
        LogStore store = store(account, region);
        synchronized (store) {
            return group(store, name).retentionDays;
        }
    }

    void setRetention(String account, String region, String name, Integer retentionDays) {
        checkRetention(retentionDays);
        LogStore store = store(account, region);
        synchronized (store) {
            group(store, name).retentionDays = retentionDays;
            store.saveMetadata();
        }
    }

    private CreateLogGroupResponse createLogGroup(CreateLogGroupRequest request, CallContext caller) {
        createGroup(caller.accountId(), caller.region(), request.logGroupName(), null);
        return CreateLogGroupResponse.builder().build();
    }

    private DeleteLogGroupResponse deleteLogGroup(DeleteLogGroupRequest request, CallContext caller) {
        Validation.json().required("logGroupName", request.logGroupName()).check();
        deleteGroup(caller.accountId(), caller.region(), request.logGroupName());
        return DeleteLogGroupResponse.builder().build();
    }

    private PutRetentionPolicyResponse putRetentionPolicy(PutRetentionPolicyRequest request, CallContext caller) {
        Validation.json().required("logGroupName", request.logGroupName()).required("retentionInDays", request.retentionInDays()).check();
        setRetention(caller.accountId(), caller.region(), request.logGroupName(), request.retentionInDays());
        return PutRetentionPolicyResponse.builder().build();
    }

    private DeleteRetentionPolicyResponse deleteRetentionPolicy(DeleteRetentionPolicyRequest request, CallContext caller) {
        Validation.json().required("logGroupName", request.logGroupName()).check();
        setRetention(caller.accountId(), caller.region(), request.logGroupName(), null);
        return DeleteRetentionPolicyResponse.builder().build();
    }

    private DescribeLogGroupsResponse describeLogGroups(DescribeLogGroupsRequest request, CallContext caller) {
        Validation.json().range("limit", request.limit(), 1, 50).length("logGroupNamePrefix", request.logGroupNamePrefix(), 1, 512).check();
        LogStore store = store(caller.accountId(), caller.region());
        List<LogGroup> all;
        synchronized (store) {
            all = store.groups.values().stream()
                    .filter(group -> request.logGroupNamePrefix() == null || group.name.startsWith(request.logGroupNamePrefix()))
                    .map(group -> LogGroup.builder().logGroupName(group.name).creationTime(group.created)
                            .retentionInDays(group.retentionDays).arn(arn(caller, group.name) + ":*")
                            .logGroupArn(arn(caller, group.name))
                            .storedBytes(group.streams.values().stream().mapToLong(stream -> stream.storedBytes).sum())
                            .metricFilterCount(0).build())
                    .toList();
        }
        int start = Paging.start(request.nextToken(), all.size(), "InvalidParameterException", "The specified nextToken is invalid.");
        int size = request.limit() == null ? PAGE : request.limit();
        return DescribeLogGroupsResponse.builder().logGroups(all.subList(start, Math.min(all.size(), start + size)))
                .nextToken(Paging.next(start, size, all.size())).build();
    }

    private CreateLogStreamResponse createLogStream(CreateLogStreamRequest request, CallContext caller) {
        Validation.json().required("logGroupName", request.logGroupName()).required("logStreamName", request.logStreamName())
                .length("logStreamName", request.logStreamName(), 1, 512)
                .pattern("logStreamName", request.logStreamName(), STREAM_NAME).check();
        LogStore store = store(caller.accountId(), caller.region());
        synchronized (store) {
            LogStore.Group group = group(store, request.logGroupName());
            if (group.streams.containsKey(request.logStreamName())) {
                throw AwsServiceException.badRequest("ResourceAlreadyExistsException", "The specified log stream already exists");
            }
            store.createStream(group, request.logStreamName(), clock.millis());
        }
        return CreateLogStreamResponse.builder().build();
    }

    private DeleteLogStreamResponse deleteLogStream(DeleteLogStreamRequest request, CallContext caller) {
        Validation.json().required("logGroupName", request.logGroupName()).required("logStreamName", request.logStreamName()).check();
        LogStore store = store(caller.accountId(), caller.region());
        synchronized (store) {
            LogStore.Group group = group(store, request.logGroupName());
            stream(group, request.logStreamName());
            store.removeStream(group, request.logStreamName());
        }
        return DeleteLogStreamResponse.builder().build();
    }

    private DescribeLogStreamsResponse describeLogStreams(DescribeLogStreamsRequest request, CallContext caller) {
        Validation.json().required("logGroupName", request.logGroupName()).range("limit", request.limit(), 1, 50).check();
        boolean byLastEvent = "LastEventTime".equals(request.orderByAsString());
        if (byLastEvent && request.logStreamNamePrefix() != null) {
            throw AwsServiceException.badRequest("InvalidParameterException", "Cannot order by LastEventTime with a logStreamNamePrefix.");
        }
        LogStore store = store(caller.accountId(), caller.region());
        List<LogStream> all;
        synchronized (store) {
            LogStore.Group group = group(store, request.logGroupName());
            java.util.stream.Stream<LogStore.Stream> streams = group.streams.values().stream()
                    .filter(stream -> request.logStreamNamePrefix() == null || stream.name.startsWith(request.logStreamNamePrefix()));
            java.util.Comparator<LogStore.Stream> order = byLastEvent
                    ? java.util.Comparator.comparingLong(LogsService::lastEvent).thenComparing(stream -> stream.name)
                    : java.util.Comparator.comparing(stream -> stream.name);
            all = streams.sorted(Boolean.TRUE.equals(request.descending()) ? order.reversed() : order)
                    .map(stream -> LogStream.builder().logStreamName(stream.name).creationTime(stream.created)
                            .firstEventTimestamp(stream.events.isEmpty() ? null : stream.events.get(0).timestamp())
                            .lastEventTimestamp(stream.events.isEmpty() ? null : lastEvent(stream))
                            .lastIngestionTime(stream.events.isEmpty() ? null : stream.lastIngestion)
                            .arn(arn(caller, group.name) + ":log-stream:" + stream.name).storedBytes(stream.storedBytes).build())
                    .toList();
        }
        int start = Paging.start(request.nextToken(), all.size(), "InvalidParameterException", "The specified nextToken is invalid.");
        int size = request.limit() == null ? PAGE : request.limit();
        return DescribeLogStreamsResponse.builder().logStreams(all.subList(start, Math.min(all.size(), start + size)))
                .nextToken(Paging.next(start, size, all.size())).build();
    }

    static LogStore.Stream stream(LogStore.Group group, String name) {
        LogStore.Stream stream = group.streams.get(name);
        if (stream == null) {
            throw AwsServiceException.badRequest("ResourceNotFoundException", "The specified log stream does not exist.");
        }
        return stream;
    }

    private static long lastEvent(LogStore.Stream stream) {
        return stream.events.isEmpty() ? 0 : stream.events.get(stream.events.size() - 1).timestamp();
    }

    private static void checkRetention(Integer retentionDays) {
        if (retentionDays != null && !RETENTION_DAYS.contains(retentionDays)) {
            throw AwsServiceException.badRequest("InvalidParameterException", "1 validation error detected: Value '" + retentionDays
                    + "' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: " + RETENTION_DAYS);
        }
    }

    static String arn(CallContext caller, String group) {
        return "arn:aws:logs:" + caller.region() + ":" + caller.accountId() + ":log-group:" + group;
    }
}
