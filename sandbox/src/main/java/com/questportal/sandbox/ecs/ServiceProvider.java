package com.questportal.sandbox.ecs;

import com.questportal.sandbox.cloudformation.ResourceProvider;
import com.questportal.sandbox.cloudformation.SdkProperties;
import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeleteServiceRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/**
 * {@code AWS::ECS::Service}: as CloudFormation does, creating or updating the service waits for
 * its rollout to complete; a deployment the circuit breaker fails fails the resource.
 */
final class ServiceProvider implements ResourceProvider {

    private static final Duration STABILIZATION_TIMEOUT = Duration.ofMinutes(10);

    private final Services services;

    ServiceProvider(Services services) {
        this.services = services;
    }

    @Override
    public String type() {
        return "AWS::ECS::Service";
    }

    @Override
    public Provisioned create(Context context, String logicalId, Map<String, Object> properties) {
        Map<String, Object> named = new java.util.LinkedHashMap<>(properties);
        named.putIfAbsent("ServiceName", context.stackName() + "-" + logicalId);
        CreateServiceRequest request = (CreateServiceRequest) SdkProperties.toSdk(named, CreateServiceRequest::builder);
        CallContext caller = caller(context);
        try {
            var service = services.create(request, caller).service();
            context.initiated().accept(service.serviceArn());
            Provisioned created = new Provisioned(service.serviceArn(), Map.of("Name", service.serviceName(), "ServiceArn",
                    service.serviceArn()));
            try {
                await(services.find(caller, service.clusterArn(), service.serviceArn()), context);
            } catch (ResourceFailure neverStable) {
                // As CloudFormation's handler does: a service that failed to create is removed, not left for the rollback
                // to skip (it has no physical id on the stack), where it would keep its cluster from being deleted.
                delete(context, created);
                throw neverStable;
            }
            return created;
        } catch (AwsServiceException e) {
            throw failure(e.getMessage(), e.code());
        }
    }

    @Override
    public Provisioned update(Context context, String logicalId, Provisioned current, Map<String, Object> properties) {
        return update(context, logicalId, current, Map.of(), properties);
    }

    /**
     * As CloudFormation's handler: DesiredCount goes to ECS only when the template's value changed, so that a deploy of a
     * service that auto scaling has scaled keeps the count it scaled to.
     */
    @Override
    public Provisioned update(Context context, String logicalId, Provisioned current, Map<String, Object> previous,
                              Map<String, Object> properties) {
        CreateServiceRequest wanted = (CreateServiceRequest) SdkProperties.toSdk(properties, CreateServiceRequest::builder);
        CallContext caller = caller(context);
        try {
            var service = services.update(UpdateServiceRequest.builder().cluster(wanted.cluster()).service(current.physicalId())
                    .taskDefinition(wanted.taskDefinition())
                    .desiredCount(Objects.equals(previous.get("DesiredCount"), properties.get("DesiredCount")) ? null : wanted.desiredCount())
                    .deploymentConfiguration(wanted.deploymentConfiguration())
                    .healthCheckGracePeriodSeconds(wanted.healthCheckGracePeriodSeconds()).build(), caller).service();
            await(services.find(caller, service.clusterArn(), service.serviceArn()), context);
            return current;
        } catch (AwsServiceException e) {
            throw failure(e.getMessage(), e.code());
        }
    }

    @Override
    public void delete(Context context, Provisioned current) {
        CallContext caller = caller(context);
        ServiceState service;
        try {
            service = services.find(caller, current.physicalId().substring(0, current.physicalId().lastIndexOf('/'))
                    .replace(":service/", ":cluster/"), current.physicalId());
        } catch (AwsServiceException alreadyGone) {
            return;
        }
        services.delete(DeleteServiceRequest.builder().cluster(service.clusterArn).service(service.arn).force(true).build(), caller);
        long deadline = System.nanoTime() + STABILIZATION_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (service) {
                if ("INACTIVE".equals(service.status)) {
                    return;
                }
            }
            pause();
        }
        throw failure("Service did not drain within " + STABILIZATION_TIMEOUT.toMinutes() + " minutes", "ServiceStabilizationTimeout");
    }

    @Override
    public java.util.Optional<Map<String, Object>> actualProperties(Context context, Provisioned current) {
        ServiceState service;
        try {
            service = services.find(caller(context), current.physicalId().substring(0, current.physicalId().lastIndexOf('/'))
                    .replace(":service/", ":cluster/"), current.physicalId());
        } catch (AwsServiceException gone) {
            return java.util.Optional.of(GONE);
        }
        synchronized (service) {
            if ("INACTIVE".equals(service.status)) {
                return java.util.Optional.of(GONE);
            }
            Map<String, Object> actual = new java.util.LinkedHashMap<>();
            actual.put("ServiceName", service.name);
            actual.put("DesiredCount", service.desiredCount);
            actual.put("TaskDefinition", service.primary().taskDefinition.taskDefinitionArn());
            actual.put("LaunchType", "FARGATE");
            actual.put("HealthCheckGracePeriodSeconds", service.gracePeriodSeconds);
            return java.util.Optional.of(actual);
        }
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("ServiceName", "Cluster", "LaunchType", "LoadBalancers", "NetworkConfiguration");
    }

    /**
     * Waits for the deployment this call made (the primary now) to complete; its failure fails the resource, and so does
     * CancelUpdateStack, whose rollback then puts the service back.
     */
    private void await(ServiceState service, Context context) {
        ServiceState.Deployment ours;
        synchronized (service) {
            ours = service.primary();
        }
        long deadline = System.nanoTime() + STABILIZATION_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (context.cancelRequested().getAsBoolean()) {
                throw new ResourceFailure("Resource update cancelled");
            }
            synchronized (service) {
                if ("FAILED".equals(ours.rolloutState)) {
                    throw failure("Error occurred during operation 'ECS Deployment Circuit Breaker was triggered'.", "GeneralServiceException");
                }
                if ("COMPLETED".equals(ours.rolloutState) && service.primary() == ours && service.deployments.size() == 1) {
                    return;
                }
            }
            pause();
        }
        throw failure("Service did not stabilize within " + STABILIZATION_TIMEOUT.toMinutes() + " minutes", "ServiceStabilizationTimeout");
    }

    private static CallContext caller(Context context) {
        return new CallContext("cloudformation", context.accountId(), context.region(),
                "arn:aws:sts::" + context.accountId() + ":assumed-role/cloudformation/" + context.stackName(), context.accountId(), "cloudformation");
    }

    private static ResourceFailure failure(String message, String code) {
        return new ResourceFailure("Resource handler returned message: \"" + message + "\" (Service: AmazonECS, Error Code: " + code + ")");
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResourceFailure("Interrupted while waiting for the service");
        }
    }
}
