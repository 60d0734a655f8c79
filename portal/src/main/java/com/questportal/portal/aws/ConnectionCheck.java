package com.questportal.portal.aws;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * "Test connection" for an environment: who AWS says the portal is there (STS GetCallerIdentity,
 * through the environment's role when it has one), then one cheap describe call per service the
 * portal needs, each allowed, denied or failed with the reason.
 */
@Component
public class ConnectionCheck {

    /** One service's describe call and how it went. */
    public record Probe(String service, String call, boolean allowed, String problem) {
    }

    /** The outcome: {@code passed} when all was allowed, the identity AWS resolved (or why none), and the probes. */
    public record Report(boolean passed, Instant checkedAt, String account, String identityArn, String problem, List<Probe> probes) {
        static Report of(Instant checkedAt, String account, String identityArn, String problem, List<Probe> probes) {
            return new Report(problem == null && probes.stream().allMatch(Probe::allowed), checkedAt, account, identityArn, problem,
                    List.copyOf(probes));
        }
    }

    private interface Call {
        void run();
    }

    private final AwsClients aws;
    private final Clock clock = Clock.systemUTC();

    ConnectionCheck(AwsClients aws) {
        this.aws = aws;
    }

    public Report check(AwsClients.Target target, String stackName) {
        Instant now = clock.instant();
        GetCallerIdentityResponse identity;
        try {
            identity = aws.sts(target).getCallerIdentity();
        } catch (SdkException e) {
            return Report.of(now, null, null, AwsFailure.of(e, "sts:GetCallerIdentity" + viaRole(target)).message(), List.of());
        }
        List<Probe> probes = new ArrayList<>();
        probes.add(probe("CloudFormation", "cloudformation:DescribeStacks", () -> describeStack(target, stackName)));
        probes.add(probe("ECS", "ecs:ListClusters", () -> aws.ecs(target).listClusters(r -> r.maxResults(1))));
        probes.add(probe("CloudWatch Logs", "logs:DescribeLogGroups", () -> aws.logs(target).describeLogGroups(r -> r.limit(1))));
        probes.add(probe("ECR", "ecr:DescribeRepositories", () -> aws.ecr(target).describeRepositories(r -> r.maxResults(1))));
        probes.add(probe("SSM", "ssm:DescribeParameters", () -> aws.ssm(target).describeParameters(r -> r.maxResults(1))));
        return Report.of(now, identity.account(), identity.arn(), null, probes);
    }

    /** A stack that does not exist yet is an answer too: the call itself was allowed, which is what is asked. */
    private void describeStack(AwsClients.Target target, String stackName) {
        Stacks.describe(aws.cloudFormation(target), stackName);
    }

    private static Probe probe(String service, String call, Call describe) {
        try {
            describe.run();
            return new Probe(service, call, true, null);
        } catch (SdkException e) {
            return new Probe(service, call, false, AwsFailure.of(e, call).message());
        }
    }

    private static String viaRole(AwsClients.Target target) {
        return target.roleArn() == null || target.roleArn().isBlank() ? "" : " (as role " + target.roleArn() + ")";
    }
}
