package com.questportal.sandbox.ecs;

import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Paging;
import com.questportal.sandbox.protocol.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecs.model.CreatedAt;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DescribeServiceDeploymentsRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsRequest;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.Rollback;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.ServiceRevisionSummary;

/**
 * ECS's record of each service deployment (ListServiceDeployments, DescribeServiceDeployments): what was deployed from
 * which revisions to which, when it started and finished, and how it ended — successful, stopped by a newer one, or rolled
 * back by the circuit breaker — kept after its tasks are gone, newest first.
 */
final class ServiceDeployments {

    private static final Pattern ARN = Pattern.compile("arn:aws:ecs:([^:]+):(\\d{12}):service-deployment/([^/]+)/([^/]+)/(\\d+)");

    private final Services services;
    private final TaskRunner runner;

    ServiceDeployments(Services services, TaskRunner runner) {
        this.services = services;
        this.runner = runner;
    }

    ListServiceDeploymentsResponse list(ListServiceDeploymentsRequest request, CallContext caller) {
        Validation.json().required("service", request.service()).range("maxResults", request.maxResults(), 1, 100).check();
        ServiceState service = services.find(caller, request.cluster(), request.service());
        CreatedAt created = request.createdAt();
        List<ServiceDeploymentBrief> found = new ArrayList<>();
        synchronized (service) {
            for (ServiceState.Deployment deployment : service.history) {
                boolean wanted = (!request.hasStatus() || request.statusAsStrings().contains(deployment.deploymentStatus))
                        && (created == null || created.after() == null || deployment.createdAt.isAfter(created.after()))
                        && (created == null || created.before() == null || deployment.createdAt.isBefore(created.before()));
                if (wanted) {
                    found.add(ServiceDeploymentBrief.builder().serviceDeploymentArn(arn(service, deployment, "service-deployment"))
                            .serviceArn(service.arn).clusterArn(service.clusterArn).createdAt(deployment.createdAt)
                            .startedAt(deployment.createdAt).finishedAt(deployment.finishedAt)
                            .targetServiceRevisionArn(arn(service, deployment, "service-revision")).status(deployment.deploymentStatus)
                            .statusReason(deployment.deploymentStatusReason).build());
                }
            }
        }
        int start = Paging.start(request.nextToken(), found.size(), "InvalidParameterException", "Invalid nextToken.");
        int size = request.maxResults() == null ? 20 : request.maxResults();
        return ListServiceDeploymentsResponse.builder().serviceDeployments(found.subList(start, Math.min(found.size(), start + size)))
                .nextToken(Paging.next(start, size, found.size())).build();
    }

    DescribeServiceDeploymentsResponse describe(DescribeServiceDeploymentsRequest request, CallContext caller) {
        Validation.json().required("serviceDeploymentArns", request.hasServiceDeploymentArns() ? request.serviceDeploymentArns() : null)
                .range("serviceDeploymentArns", request.serviceDeploymentArns().size(), 1, 20).check();
        List<ServiceDeployment> found = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (String arn : request.serviceDeploymentArns()) {
            Optional<ServiceDeployment> described = find(arn, caller);
            if (described.isPresent()) {
                found.add(described.get());
            } else {
                failures.add(Failure.builder().arn(arn).reason("MISSING").build());
            }
        }
        return DescribeServiceDeploymentsResponse.builder().serviceDeployments(found).failures(failures).build();
    }

    private Optional<ServiceDeployment> find(String arn, CallContext caller) {
        Matcher parts = ARN.matcher(arn);
        if (!parts.matches() || !parts.group(1).equals(caller.region()) || !parts.group(2).equals(caller.accountId())) {
            return Optional.empty();
        }
        ServiceState service;
        try {
            service = services.find(caller, parts.group(3), parts.group(4));
        } catch (AwsServiceException missing) {
            return Optional.empty();
        }
        synchronized (service) {
            return service.history.stream().filter(deployment -> deployment.number().equals(parts.group(5))).findFirst()
                    .map(deployment -> describe(service, deployment));
        }
    }

    private ServiceDeployment describe(ServiceState service, ServiceState.Deployment deployment) {
        List<ServiceRevisionSummary> sources = deployment.sourceIds.stream().map(id -> revision(service, id, 0)).toList();
        boolean primary = service.primary() == deployment || deployment.id.equals(service.primary().rollbackOf);
        ServiceDeployment.Builder described = ServiceDeployment.builder().serviceDeploymentArn(arn(service, deployment, "service-deployment"))
                .serviceArn(service.arn).clusterArn(service.clusterArn).createdAt(deployment.createdAt).startedAt(deployment.createdAt)
                .updatedAt(deployment.finishedAt != null ? deployment.finishedAt : deployment.updatedAt)
                .finishedAt(deployment.finishedAt).sourceServiceRevisions(sources)
                .targetServiceRevision(revision(service, deployment.id, primary ? service.desiredCount : 0))
                .status(deployment.deploymentStatus).statusReason(deployment.deploymentStatusReason)
                .deploymentConfiguration(DeploymentConfiguration.builder().minimumHealthyPercent(service.minimumHealthyPercent)
                        .maximumPercent(service.maximumPercent).deploymentCircuitBreaker(DeploymentCircuitBreaker.builder()
                                .enable(service.breaker).rollback(service.rollback).build()).build())
                .deploymentCircuitBreaker(ServiceDeploymentCircuitBreaker.builder()
                        .status(!service.breaker ? "DISABLED" : "FAILED".equals(deployment.rolloutState) ? "TRIGGERED"
                                : deployment.isSettled() ? "MONITORING_COMPLETE" : "MONITORING")
                        .failureCount(deployment.failedTasks)
                        .threshold(ServiceScheduler.breakerThreshold(service)).build());
        if (deployment.rollbackStartedAt != null) {
            described.rollback(Rollback.builder().reason("Circuit breaker: tasks failed to start.").startedAt(deployment.rollbackStartedAt)
                    .serviceRevisionArn(arn(service, deployment.rollbackToId, "service-revision")).build());
        }
        return described.build();
    }

    /** A revision as a service deployment counts it: its tasks now, by the deployment that started them. */
    private ServiceRevisionSummary revision(ServiceState service, String deploymentId, int requested) {
        TaskRunner.Counts tasks = runner.count(task -> deploymentId.equals(task.startedBy));
        return ServiceRevisionSummary.builder().arn(arn(service, deploymentId, "service-revision")).requestedTaskCount(requested)
                .runningTaskCount(tasks.running()).pendingTaskCount(tasks.pending()).build();
    }

    private static String arn(ServiceState service, ServiceState.Deployment deployment, String kind) {
        return arn(service, deployment.id, kind);
    }

    /** {@code arn:aws:ecs:<region>:<account>:<kind>/<cluster>/<service>/<number>}, as ECS names deployments and revisions. */
    private static String arn(ServiceState service, String deploymentId, String kind) {
        String cluster = service.clusterArn.substring(service.clusterArn.indexOf(":cluster/") + ":cluster/".length());
        return "arn:aws:ecs:" + service.region + ":" + service.account + ":" + kind + "/" + cluster + "/" + service.name + "/"
                + deploymentId.substring(deploymentId.indexOf('/') + 1);
    }
}
