package com.questportal.sandbox.ecs;

import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Paging;
import com.questportal.sandbox.protocol.Validation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.CreateServiceResponse;
import software.amazon.awssdk.services.ecs.model.DeleteServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeleteServiceResponse;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.ListServicesRequest;
import software.amazon.awssdk.services.ecs.model.ListServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceResponse;

/** ECS services: the API over the {@link ServiceScheduler}'s state. */
final class Services {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");

    private final EcsControlPlane ecs;
    private final TaskRunner runner;
    final ServiceScheduler scheduler;
    private final Clock clock;

    Services(EcsControlPlane ecs, TaskRunner runner, ServiceScheduler scheduler, Clock clock) {
        this.ecs = ecs;
        this.runner = runner;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    CreateServiceResponse create(CreateServiceRequest request, CallContext caller) {
        Validation.json().required("serviceName", request.serviceName()).pattern("serviceName", request.serviceName(), NAME)
                .required("taskDefinition", request.taskDefinition()).check();
        if (request.launchType() != null && !"FARGATE".equals(request.launchTypeAsString())) {
            throw AwsServiceException.badRequest("InvalidParameterException", "The sandbox runs services on FARGATE only.");
        }
        EcsControlPlane.Placement placement = ecs.placement(caller.accountId(), caller.region(), request.cluster(), request.taskDefinition());
        Cluster cluster = placement.cluster();
        TaskDefinition definition = placement.definition();
        if (!"awsvpc".equals(definition.networkModeAsString()) || request.networkConfiguration() == null
                || request.networkConfiguration().awsvpcConfiguration() == null) {
            throw AwsServiceException.badRequest("InvalidParameterException",
                    "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
        }
        String arn = "arn:aws:ecs:" + caller.region() + ":" + caller.accountId() + ":service/" + cluster.clusterName() + "/"
                + request.serviceName();
        ServiceState existing = scheduler.services.get(arn);
        if (existing != null && !"INACTIVE".equals(existing.status)) {
            throw AwsServiceException.badRequest("InvalidParameterException", "Creation of service was not idempotent.");
        }
        ServiceState service = new ServiceState(arn, request.serviceName(), cluster.clusterArn(), caller.accountId(), caller.region(),
                clock.instant(), request.loadBalancers(), request.networkConfiguration());
        service.desiredCount = request.desiredCount() == null ? 0 : request.desiredCount();
        configure(service, request.deploymentConfiguration());
        service.gracePeriodSeconds = request.healthCheckGracePeriodSeconds() == null ? 0 : request.healthCheckGracePeriodSeconds();
        service.begin(new ServiceState.Deployment(scheduler.newDeploymentId(), definition, clock.instant()), clock.instant());
        ecs.tags.created(arn, request.tags());
        // Described before the scheduler can see it: from then on its thread changes the service's lists, and a
        // description made outside the service's lock could meet them mid-change.
        CreateServiceResponse created = CreateServiceResponse.builder().service(toService(service).toBuilder().tags(ecs.tags.of(arn)).build())
                .build();
        scheduler.services.put(arn, service);
        scheduler.persist();
        return created;
    }

    UpdateServiceResponse update(UpdateServiceRequest request, CallContext caller) {
        Validation.json().required("service", request.service()).check();
        ServiceState service = find(caller, request.cluster(), request.service());
        TaskDefinition definition = null;
        if (request.taskDefinition() != null) {
            EcsControlPlane.Scope scope = ecs.scope(caller.accountId(), caller.region());
            synchronized (scope) {
                definition = ecs.taskDefinition(scope, request.taskDefinition());
            }
        }
        UpdateServiceResponse updated;
        synchronized (service) {
            if (request.desiredCount() != null) {
                service.desiredCount = request.desiredCount();
                service.steady = false;
            }
            if (request.deploymentConfiguration() != null) {
                configure(service, request.deploymentConfiguration());
            }
            if (request.healthCheckGracePeriodSeconds() != null) {
                service.gracePeriodSeconds = request.healthCheckGracePeriodSeconds();
            }
            boolean newDefinition = definition != null
                    && !definition.taskDefinitionArn().equals(service.primary().taskDefinition.taskDefinitionArn());
            if (newDefinition || Boolean.TRUE.equals(request.forceNewDeployment())) {
                ServiceState.Deployment deployment = new ServiceState.Deployment(scheduler.newDeploymentId(),
                        definition != null ? definition : service.primary().taskDefinition, clock.instant());
                service.begin(deployment, clock.instant());
                service.steady = false;
            } else if (request.desiredCount() != null && "COMPLETED".equals(service.primary().rolloutState)) {
                service.primary().rolloutState = "IN_PROGRESS";
            }
            updated = UpdateServiceResponse.builder().service(toService(service)).build();
        }
        scheduler.persist();
        return updated;
    }

    DeleteServiceResponse delete(DeleteServiceRequest request, CallContext caller) {
        ServiceState service = find(caller, request.cluster(), request.service());
        DeleteServiceResponse deleted;
        synchronized (service) {
            if (service.desiredCount > 0 && !Boolean.TRUE.equals(request.force())) {
                throw AwsServiceException.badRequest("InvalidParameterException",
                        "The service cannot be stopped while it is scaled above 0.");
            }
            service.status = "DRAINING";
            service.desiredCount = 0;
            deleted = DeleteServiceResponse.builder().service(toService(service)).build();
        }
        scheduler.persist();
        return deleted;
    }

    DescribeServicesResponse describe(DescribeServicesRequest request, CallContext caller) {
        Validation.json().required("services", request.hasServices() ? request.services() : null)
                .range("services", request.services().size(), 1, 10).check();
        String clusterArn = clusterArn(caller, request.cluster());
        List<Service> found = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (String reference : request.services()) {
            ServiceState service = lookup(clusterArn, reference);
            if (service == null) {
                String arn = reference.startsWith("arn:") ? reference : clusterArn.replace(":cluster/", ":service/") + "/" + reference;
                failures.add(Failure.builder().arn(arn).reason("MISSING").build());
            } else {
                Service described;
                synchronized (service) {
                    described = toService(service);
                }
                found.add(request.include().contains(ServiceField.TAGS) ? described.toBuilder().tags(ecs.tags.of(service.arn)).build()
                        : described);
            }
        }
        return DescribeServicesResponse.builder().services(found).failures(failures).build();
    }

    ListServicesResponse list(ListServicesRequest request, CallContext caller) {
        Validation.json().range("maxResults", request.maxResults(), 1, 100).check();
        String clusterArn = clusterArn(caller, request.cluster());
        List<String> arns = scheduler.services.values().stream()
                .filter(service -> service.clusterArn.equals(clusterArn) && !"INACTIVE".equals(service.status))
                .map(service -> service.arn).sorted().toList();
        int start = Paging.start(request.nextToken(), arns.size(), "InvalidParameterException", "Invalid nextToken.");
        int size = request.maxResults() == null ? 10 : request.maxResults();
        return ListServicesResponse.builder().serviceArns(arns.subList(start, Math.min(arns.size(), start + size)))
                .nextToken(Paging.next(start, size, arns.size())).build();
    }

    ServiceState find(CallContext caller, String cluster, String reference) {
        ServiceState service = lookup(clusterArn(caller, cluster), reference);
        if (service == null || "INACTIVE".equals(service.status)) {
            throw AwsServiceException.badRequest("ServiceNotFoundException", "Service not found.");
        }
        return service;
    }

    private ServiceState lookup(String clusterArn, String reference) {
        return scheduler.services.values().stream().filter(service -> service.clusterArn.equals(clusterArn)
                && (service.arn.equals(reference) || service.name.equals(reference))).findFirst().orElse(null);
    }

    private String clusterArn(CallContext caller, String reference) {
        EcsControlPlane.Scope scope = ecs.scope(caller.accountId(), caller.region());
        synchronized (scope) {
            return EcsControlPlane.cluster(scope, reference).clusterArn();
        }
    }

    private static void configure(ServiceState service, DeploymentConfiguration configuration) {
        service.minimumHealthyPercent = configuration == null || configuration.minimumHealthyPercent() == null ? 100
                : configuration.minimumHealthyPercent();
        service.maximumPercent = configuration == null || configuration.maximumPercent() == null ? 200 : configuration.maximumPercent();
        DeploymentCircuitBreaker breaker = configuration == null ? null : configuration.deploymentCircuitBreaker();
        service.breaker = breaker != null && Boolean.TRUE.equals(breaker.enable());
        service.rollback = breaker != null && Boolean.TRUE.equals(breaker.rollback());
    }

    private Service toService(ServiceState service) {
        List<Deployment> deployments = new ArrayList<>();
        int running = 0;
        int pending = 0;
        for (ServiceState.Deployment deployment : service.deployments) {
            TaskRunner.Counts tasks = runner.count(task -> deployment.id.equals(task.startedBy));
            int deploymentRunning = tasks.running();
            int deploymentPending = tasks.pending();
            running += deploymentRunning;
            pending += deploymentPending;
            deployments.add(Deployment.builder().id(deployment.id).status(deployment.status)
                    .taskDefinition(deployment.taskDefinition.taskDefinitionArn())
                    .desiredCount(deployment == service.primary() ? service.desiredCount : 0).runningCount(deploymentRunning)
                    .pendingCount(deploymentPending).failedTasks(deployment.failedTasks).launchType("FARGATE")
                    .createdAt(deployment.createdAt).updatedAt(deployment.updatedAt).rolloutState(deployment.rolloutState)
                    .rolloutStateReason(deployment.rolloutStateReason).networkConfiguration(service.networkConfiguration).build());
        }
        List<ServiceEvent> events = service.events.stream().map(event -> ServiceEvent.builder().id(event[0])
                .createdAt(Instant.parse(event[1])).message(event[2]).build()).toList();
        return Service.builder().serviceArn(service.arn).serviceName(service.name).clusterArn(service.clusterArn).status(service.status)
                .desiredCount(service.desiredCount).runningCount(running).pendingCount(pending).launchType("FARGATE")
                .propagateTags("NONE").enableECSManagedTags(false).schedulingStrategy("REPLICA")
                .taskDefinition(service.primary().taskDefinition.taskDefinitionArn()).loadBalancers(service.loadBalancers)
                .networkConfiguration(service.networkConfiguration).createdAt(service.createdAt)
                .healthCheckGracePeriodSeconds(service.gracePeriodSeconds)
                .deploymentConfiguration(DeploymentConfiguration.builder().minimumHealthyPercent(service.minimumHealthyPercent)
                        .maximumPercent(service.maximumPercent).deploymentCircuitBreaker(DeploymentCircuitBreaker.builder()
                                .enable(service.breaker).rollback(service.rollback).build()).build())
                .deployments(deployments).events(events).build();
    }
}
