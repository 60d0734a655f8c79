package com.questportal.portal.logs;

import com.questportal.portal.aws.AwsClients;
import com.questportal.portal.environment.Environment;
import com.questportal.portal.environment.EnvironmentDirectory;
import com.questportal.portal.environment.StackSummaries;
import com.questportal.portal.system.SignedIn;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** Where an environment's logs are: its stack's log group (the {@code LogGroupName} output), in its account and region. */
@Component
class LogSource {

    /** One log group, as the readers share it. */
    record Group(AwsClients.Target target, String name) {
    }

    /** An environment's log group, and the mask its lines get. */
    record Logs(Environment environment, Group group, SecretWordMask.Mask mask) {
    }

    private final EnvironmentDirectory environments;
    private final StackSummaries stacks;
    private final SecretWordMask masks;
    private final AwsClients aws;
    private final Map<Group, String> groupArns = new ConcurrentHashMap<>();

    LogSource(EnvironmentDirectory environments, StackSummaries stacks, SecretWordMask masks, AwsClients aws) {
        this.environments = environments;
        this.stacks = stacks;
        this.masks = masks;
        this.aws = aws;
    }

    /**
     * One FilterLogEvents page of a group, as the tail and the search both read it: the filter pattern ("" for every line),
     * one stream ("" for every stream), [from, until) with {@code until} null for no end, and the page size (null for
     * CloudWatch's own).
     */
    FilterLogEventsResponse filter(Group group, String filter, String stream, long from, Long until, String token, Integer limit) {
        return aws.logs(group.target()).filterLogEvents(r -> r.logGroupName(group.name())
                .filterPattern(filter.isEmpty() ? null : filter).logStreamNames(stream.isEmpty() ? null : List.of(stream))
                .startTime(from).endTime(until).nextToken(token).limit(limit));
    }

    /**
     * The stream of one task, as the quest's template has the awslogs driver name it ({@code awslogs-stream-prefix} "quest",
     * container "quest"); "" for every task. A task id is hex digits: anything else is refused.
     */
    static String streamOf(String task) {
        if (task == null || task.isBlank()) {
            return "";
        }
        if (!task.trim().matches("[0-9a-f]{1,64}")) {
            throw new LogsRefused(LogsRefused.Kind.INVALID, "A task id is the hex digits at the end of its ARN, such as 0123abcd.");
        }
        return "quest/quest/" + task.trim();
    }

    /**
     * Opens a StartLiveTail session of a tail. StartLiveTail names log groups by ARN, which CloudWatch gives once per group
     * (DescribeLogGroups) and the portal remembers.
     */
    LiveTailSession liveTail(LogTails.Key key, LiveTailSession.Listener listener) {
        Group group = key.group();
        String arn = groupArns.computeIfAbsent(group, unknown -> aws.logs(group.target())
                .describeLogGroups(r -> r.logGroupNamePrefix(group.name())).logGroups().stream()
                .filter(found -> found.logGroupName().equals(group.name())).findFirst()
                .map(found -> found.logGroupArn() != null ? found.logGroupArn() : found.arn().replaceFirst(":\\*$", ""))
                .orElseThrow(() -> ResourceNotFoundException.builder().message("The log group " + group.name()
                        + " is not there.").build()));
        return LiveTailSession.open(aws.logsAsync(group.target()), arn, key, listener);
    }

    Environment environment(String name) {
        return environments.find(name).orElseThrow(() -> new LogsRefused(LogsRefused.Kind.NOT_FOUND,
                "There is no environment named " + name + "."));
    }

    /**
     * The logs of an environment the caller may read: operators and admins every environment's, viewers those whose admin
     * opened them to viewers. Refused as Spring Security refuses (403), with why.
     */
    Logs readableBy(Authentication caller, String name) {
        Environment environment = environment(name);
        if (!SignedIn.isOperator(caller) && !environment.isLogsForViewers()) {
            throw new AccessDeniedException("The logs of " + name + " are for operators and admins; an admin can open them to "
                    + "viewers in the environment's settings.");
        }
        return of(name);
    }

    Logs of(String name) {
        Environment environment = environment(name);
        String group = stacks.of(name).filter(stack -> !stack.destroyed()).map(stack -> stack.outputs().get("LogGroupName")).orElse(null);
        if (group == null) {
            throw new LogsRefused(LogsRefused.Kind.NO_LOGS, "The environment " + name + " has no log group yet: its stack is not up. "
                    + "Apply its plan, and its tasks' lines appear here.");
        }
        return new Logs(environment, new Group(environment.awsTarget(), group), masks.of(environment));
    }
}
