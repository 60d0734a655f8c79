package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** CloudWatch Logs through the real SDK: groups, streams, writing, reading forward and back, searching. */
class LogsTests {

    static final String GROUP = "dev-quest_task_logs";

    @TempDir
    Path dataDir;
    SandboxFixture fixture;
    CloudWatchLogsClient logs;
    long now;

    @BeforeEach
    void start() {
        fixture = SandboxFixture.start(dataDir);
        logs = fixture.logs();
        now = System.currentTimeMillis();
        logs.createLogGroup(r -> r.logGroupName(GROUP));
        logs.createLogStream(r -> r.logGroupName(GROUP).logStreamName("quest/quest/task-a"));
        logs.createLogStream(r -> r.logGroupName(GROUP).logStreamName("quest/quest/task-b"));
    }

    @AfterEach
    void stop() {
        logs.close();
        fixture.close();
    }

    private void put(String stream, long startAt, String... messages) {
        List<InputLogEvent> events = new ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            events.add(InputLogEvent.builder().timestamp(startAt + i).message(messages[i]).build());
        }
        logs.putLogEvents(r -> r.logGroupName(GROUP).logStreamName(stream).logEvents(events));
    }

    @Test
    void groupsCarryTheirRetentionAndPageThroughTheSdkPaginator() {
        logs.putRetentionPolicy(r -> r.logGroupName(GROUP).retentionInDays(30));
        IntStream.range(0, 60).forEach(i -> logs.createLogGroup(r -> r.logGroupName("/other/" + i)));

        List<LogGroup> all = new ArrayList<>();
        logs.describeLogGroupsPaginator(r -> r.limit(25)).logGroups().forEach(all::add);

        assertThat(all).hasSize(61);
        assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix("dev-")).logGroups()).singleElement()
                .satisfies(group -> assertThat(group.retentionInDays()).isEqualTo(30))
                .satisfies(group -> assertThat(group.arn()).isEqualTo("arn:aws:logs:eu-west-1:000000000000:log-group:" + GROUP + ":*"));
    }

    @Test
    void streamsAreListedNewestEventFirstAndDeletedWithTheirEvents() {
        put("quest/quest/task-a", now - 2_000, "older");
        put("quest/quest/task-b", now - 1_000, "newer");
        IntStream.range(0, 30).forEach(i -> logs.createLogStream(r -> r.logGroupName(GROUP).logStreamName("idle/" + i)));

        List<String> byLastEvent = logs.describeLogStreams(r -> r.logGroupName(GROUP).orderBy("LastEventTime").descending(true)
                .limit(2)).logStreams().stream().map(LogStream::logStreamName).toList();
        List<LogStream> all = logs.describeLogStreamsPaginator(r -> r.logGroupName(GROUP).limit(7)).logStreams().stream().toList();
        logs.deleteLogStream(r -> r.logGroupName(GROUP).logStreamName("quest/quest/task-a"));

        assertThat(byLastEvent).containsExactly("quest/quest/task-b", "quest/quest/task-a");
        assertThat(all).hasSize(32).extracting(LogStream::logStreamName).doesNotHaveDuplicates();
        assertThat(logs.filterLogEvents(r -> r.logGroupName(GROUP)).events()).extracting(FilteredLogEvent::message)
                .containsExactly("newer");
        assertThatExceptionOfType(ResourceNotFoundException.class).isThrownBy(() -> logs.getLogEvents(r -> r.logGroupName(GROUP)
                .logStreamName("quest/quest/task-a")));
    }

    @Test
    void retentionCanBeRemovedAndAGroupDeletedWithEverythingInIt() {
        logs.putRetentionPolicy(r -> r.logGroupName(GROUP).retentionInDays(7));
        put("quest/quest/task-a", now, "gone with the group");

        logs.deleteRetentionPolicy(r -> r.logGroupName(GROUP));
        LogGroup kept = logs.describeLogGroups(r -> r.logGroupNamePrefix(GROUP)).logGroups().get(0);
        logs.deleteLogGroup(r -> r.logGroupName(GROUP));
        logs.createLogGroup(r -> r.logGroupName(GROUP));

        assertThat(kept.retentionInDays()).isNull();
        assertThat(logs.describeLogStreams(r -> r.logGroupName(GROUP)).logStreams()).isEmpty();
        assertThatExceptionOfType(ResourceNotFoundException.class).isThrownBy(() -> logs.deleteLogGroup(r -> r.logGroupName("ghost")));
        assertThatExceptionOfType(ResourceNotFoundException.class).isThrownBy(() -> logs.deleteRetentionPolicy(r -> r.logGroupName("ghost")));
    }

    @Test
    void getLogEventsReadsForwardAndBackwardWithTokens() {
        put("quest/quest/task-a", now - 1000, IntStream.range(0, 25).mapToObj(i -> "line " + i).toArray(String[]::new));

        GetLogEventsResponse latest = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName("quest/quest/task-a").limit(10));
        GetLogEventsResponse earlier = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName("quest/quest/task-a").limit(10)
                .nextToken(latest.nextBackwardToken()));
        List<String> all = new ArrayList<>();
        logs.getLogEventsPaginator(r -> r.logGroupName(GROUP).logStreamName("quest/quest/task-a").startFromHead(true).limit(7))
                .events().forEach(event -> all.add(event.message()));

        assertThat(latest.events()).extracting(OutputLogEvent::message).first().isEqualTo("line 15");
        assertThat(latest.events()).extracting(OutputLogEvent::message).last().isEqualTo("line 24");
        assertThat(earlier.events()).extracting(OutputLogEvent::message).containsExactly(
                "line 5", "line 6", "line 7", "line 8", "line 9", "line 10", "line 11", "line 12", "line 13", "line 14");
        assertThat(all).hasSize(25).first().isEqualTo("line 0");
    }

    @Test
    void filterLogEventsInterleavesStreamsAndPagesWithNextToken() {
        put("quest/quest/task-a", now - 10_000, "{\"status\":200,\"path\":\"/\"}", "{\"status\":500,\"path\":\"/tls\"}",
                "ERROR disk full");
        put("quest/quest/task-b", now - 10_001, "{\"status\":500,\"path\":\"/aws\"}", "WARN slow", "{\"status\":200,\"path\":\"/\"}");

        List<FilteredLogEvent> errors = new ArrayList<>();
        logs.filterLogEventsPaginator(r -> r.logGroupName(GROUP).filterPattern("{ $.status = 500 }").limit(1))
                .events().forEach(errors::add);

        assertThat(errors).extracting(FilteredLogEvent::logStreamName, FilteredLogEvent::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("quest/quest/task-b", "{\"status\":500,\"path\":\"/aws\"}"),
                org.assertj.core.groups.Tuple.tuple("quest/quest/task-a", "{\"status\":500,\"path\":\"/tls\"}"));
        assertThat(logs.filterLogEvents(r -> r.logGroupName(GROUP).filterPattern("?ERROR ?WARN")).events())
                .extracting(FilteredLogEvent::message).containsExactly("WARN slow", "ERROR disk full");
        assertThat(logs.filterLogEvents(r -> r.logGroupName(GROUP).logStreamNames("quest/quest/task-a")
                .filterPattern("\"status\":200")).events()).hasSize(1);
        assertThat(logs.filterLogEvents(r -> r.logGroupName(GROUP).startTime(now - 9_999).endTime(now - 9_997)).events())
                .hasSize(3);
    }

    @Test
    void eventsOutsideTheAcceptedWindowAreRejectedAndNotStored() {
        long fifteenDaysAgo = now - 15L * 86_400_000;
        PutLogEventsResponse old = logs.putLogEvents(r -> r.logGroupName(GROUP).logStreamName("quest/quest/task-a").logEvents(
                InputLogEvent.builder().timestamp(fifteenDaysAgo).message("too old").build(),
                InputLogEvent.builder().timestamp(fifteenDaysAgo + 1).message("also too old").build()));
        PutLogEventsResponse recent = logs.putLogEvents(r -> r.logGroupName(GROUP).logStreamName("quest/quest/task-a").logEvents(
                InputLogEvent.builder().timestamp(now).message("fine").build(),
                InputLogEvent.builder().timestamp(now + 3 * 3_600_000).message("too new").build()));

        assertThat(old.rejectedLogEventsInfo().tooOldLogEventEndIndex()).isEqualTo(2);
        assertThat(recent.rejectedLogEventsInfo().tooNewLogEventStartIndex()).isEqualTo(1);
        assertThat(logs.filterLogEvents(r -> r.logGroupName(GROUP)).events()).extracting(FilteredLogEvent::message)
                .containsExactly("fine");
    }

    @Test
    void eventsSurviveARestart() {
        put("quest/quest/task-a", now, "before the restart");
        logs.close();
        fixture.close();

        fixture = SandboxFixture.start(dataDir);
        logs = fixture.logs();
        put("quest/quest/task-a", now + 1, "after the restart");

        assertThat(logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName("quest/quest/task-a").startFromHead(true)).events())
                .extracting(OutputLogEvent::message).containsExactly("before the restart", "after the restart");
    }

    @Test
    void aStackMakesAndRemovesARealLogGroup() {
        String template = "Parameters: {Days: {Type: Number, Default: 14}}\n"
                + "Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n"
                + "    Properties: {LogGroupName: !Sub '${AWS::StackName}-quest_task_logs', RetentionInDays: !Ref Days}\n"
                + "Outputs:\n  Arn: {Value: !GetAtt Logs.Arn}\n";
        try (var cloudFormation = fixture.cloudFormation()) {
            cloudFormation.createStack(r -> r.stackName("staging").templateBody(template));
            SandboxFixture.waiter(cloudFormation).waitUntilStackCreateComplete(r -> r.stackName("staging"));

            assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix("staging-")).logGroups()).singleElement()
                    .satisfies(group -> assertThat(group.retentionInDays()).isEqualTo(14));
            assertThat(cloudFormation.describeStacks(r -> r.stackName("staging")).stacks().get(0).outputs().get(0).outputValue())
                    .isEqualTo("arn:aws:logs:eu-west-1:000000000000:log-group:staging-quest_task_logs:*");

            cloudFormation.updateStack(r -> r.stackName("staging").usePreviousTemplate(true)
                    .parameters(p -> p.parameterKey("Days").parameterValue("30")));
            SandboxFixture.waiter(cloudFormation).waitUntilStackUpdateComplete(r -> r.stackName("staging"));
            assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix("staging-")).logGroups().get(0).retentionInDays()).isEqualTo(30);

            String stackId = cloudFormation.describeStacks(r -> r.stackName("staging")).stacks().get(0).stackId();
            cloudFormation.deleteStack(r -> r.stackName("staging"));
            SandboxFixture.waiter(cloudFormation).waitUntilStackDeleteComplete(r -> r.stackName(stackId));
            assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix("staging-")).logGroups()).isEmpty();
        }
    }

    @Nested
    class BadInput {

        @Test
        void missingGroupsAndStreams() {
            assertThatExceptionOfType(ResourceNotFoundException.class)
                    .isThrownBy(() -> logs.filterLogEvents(r -> r.logGroupName("nope")))
                    .withMessageContaining("The specified log group does not exist.");
            assertThatExceptionOfType(ResourceNotFoundException.class)
                    .isThrownBy(() -> logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName("nope")))
                    .withMessageContaining("The specified log stream does not exist.");
        }

        @Test
        void aDuplicateGroup() {
            assertThatExceptionOfType(ResourceAlreadyExistsException.class).isThrownBy(() -> logs.createLogGroup(r -> r.logGroupName(GROUP)));
        }

        @Test
        void aRetentionCloudWatchDoesNotOffer() {
            assertThatExceptionOfType(InvalidParameterException.class)
                    .isThrownBy(() -> logs.putRetentionPolicy(r -> r.logGroupName(GROUP).retentionInDays(2)))
                    .withMessageContaining("Member must satisfy enum value set");
        }

        @Test
        void aBatchSpanningMoreThanADay() {
            assertThatExceptionOfType(InvalidParameterException.class)
                    .isThrownBy(() -> logs.putLogEvents(r -> r.logGroupName(GROUP).logStreamName("quest/quest/task-a").logEvents(
                            InputLogEvent.builder().timestamp(now - 2 * 86_400_000L).message("early").build(),
                            InputLogEvent.builder().timestamp(now).message("late").build())))
                    .withMessageContaining("cannot span more than 24 hours");
        }

        @Test
        void anOutOfOrderBatchChangesNothing() {
            assertThatExceptionOfType(InvalidParameterException.class)
                    .isThrownBy(() -> logs.putLogEvents(r -> r.logGroupName(GROUP).logStreamName("quest/quest/task-a").logEvents(
                            InputLogEvent.builder().timestamp(now).message("second").build(),
                            InputLogEvent.builder().timestamp(now - 5).message("first").build())))
                    .withMessageContaining("must be in chronological order");
            assertThat(logs.filterLogEvents(r -> r.logGroupName(GROUP)).events()).isEmpty();
        }

        @Test
        void pageSizesOverTheLimit() {
            assertThatExceptionOfType(CloudWatchLogsException.class).isThrownBy(() -> logs.describeLogGroups(r -> r.limit(51)))
                    .withMessageContaining("Value '51' at 'limit' failed to satisfy constraint");
            assertThatExceptionOfType(CloudWatchLogsException.class)
                    .isThrownBy(() -> logs.filterLogEvents(r -> r.logGroupName(GROUP).limit(10_001)))
                    .withMessageContaining("Member must have value less than or equal to 10000");
        }

        @Test
        void aMalformedFilterPatternOrToken() {
            assertThatExceptionOfType(InvalidParameterException.class)
                    .isThrownBy(() -> logs.filterLogEvents(r -> r.logGroupName(GROUP).filterPattern("{ $.status = ")))
                    .withMessageContaining("Invalid filter pattern");
            assertThatExceptionOfType(InvalidParameterException.class)
                    .isThrownBy(() -> logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName("quest/quest/task-a").nextToken("forged")))
                    .withMessageContaining("The specified nextToken is invalid.");
        }
    }
}
