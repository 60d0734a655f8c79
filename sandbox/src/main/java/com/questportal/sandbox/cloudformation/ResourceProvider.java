package com.questportal.sandbox.cloudformation;

import com.questportal.sandbox.protocol.AwsServiceException;
import java.util.Map;
import java.util.Set;

/**
 * One resource type the sandbox's CloudFormation can create, update and delete. A provider that
 * cannot do what it is asked throws {@link ResourceFailure}; the stack then fails and rolls back.
 */
public interface ResourceProvider {

    /** The CloudFormation type, e.g. {@code AWS::SSM::Parameter}. */
    String type();

    Provisioned create(Context context, String logicalId, Map<String, Object> properties);

    /** Changes an existing resource in place; only called when no {@link #replacingProperties() replacing} property changed. */
    Provisioned update(Context context, String logicalId, Provisioned current, Map<String, Object> properties);

    /**
     * The same, knowing the properties the resource had: CloudFormation's handlers send a service only what changed, which
     * matters where something else changes the resource too (auto scaling a service's desired count). By default, as above.
     */
    default Provisioned update(Context context, String logicalId, Provisioned current, Map<String, Object> previous,
                               Map<String, Object> properties) {
        return update(context, logicalId, current, properties);
    }

    void delete(Context context, Provisioned current);

    /** Properties whose change makes CloudFormation replace the resource rather than update it. */
    Set<String> replacingProperties();

    /**
     * The resource's properties as they are now, read from its service, for drift detection; only those
     * the provider can read. Empty when this type's drift is not checked; {@link #GONE} when the resource
     * no longer exists.
     */
    default java.util.Optional<Map<String, Object>> actualProperties(Context context, Provisioned current) {
        return java.util.Optional.empty();
    }

    /** What {@link #actualProperties} returns for a resource deleted out of band. */
    Map<String, Object> GONE = Map.of("__deleted", true);

    /**
     * Where the resource is made. {@code initiated} takes the physical id of a resource the moment its
     * service has it, before a long wait for it to stabilise, so that a sandbox that stops during that
     * wait still knows what to delete when it rolls the stack back. {@code cancelRequested} tells a provider that waits long
     * (an ECS service's rollout) that CancelUpdateStack was called, so that it gives up as CloudFormation's handler does.
     */
    record Context(String accountId, String region, String stackName, String stackId, java.util.function.Consumer<String> initiated,
                   java.util.function.BooleanSupplier cancelRequested) {

        public Context(String accountId, String region, String stackName, String stackId) {
            this(accountId, region, stackName, stackId, physicalId -> { });
        }

        public Context(String accountId, String region, String stackName, String stackId, java.util.function.Consumer<String> initiated) {
            this(accountId, region, stackName, stackId, initiated, () -> false);
        }
    }

    /** A resource that exists: what {@code Ref} returns, and what {@code Fn::GetAtt} can read. */
    record Provisioned(String physicalId, Map<String, String> attributes) {
    }

    /** A resource operation failed; the message becomes the event's status reason. */
    final class ResourceFailure extends RuntimeException {

        public ResourceFailure(String reason) {
            super(reason);
        }

        /** The status reason CloudFormation gives when a service refused the handler's call. */
        public static ResourceFailure refused(String service, String code, String message) {
            return new ResourceFailure("Resource handler returned message: \"" + message + "\" (Service: " + service
                    + ", Status Code: 400, Error Code: " + code + ")");
        }

        public static ResourceFailure refused(String service, AwsServiceException e) {
            return refused(service, e.code(), e.getMessage());
        }
    }
}
