package com.questportal.sandbox.ecs;

import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Validation;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecs.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.ecs.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.ecs.model.TagResourceRequest;
import software.amazon.awssdk.services.ecs.model.TagResourceResponse;
import software.amazon.awssdk.services.ecs.model.UntagResourceRequest;
import software.amazon.awssdk.services.ecs.model.UntagResourceResponse;

/** TagResource, UntagResource and ListTagsForResource on the clusters, services, task definitions and tasks that exist. */
final class Tagging {

    private static final Pattern ARN = Pattern.compile("arn:aws:ecs:([a-z0-9-]+):(\\d{12}):(cluster|service|task-definition|task)/(.+)");

    private final EcsControlPlane ecs;
    private final Services services;
    private final TaskRunner runner;
    private final EcsTags tags;

    Tagging(EcsControlPlane ecs, Services services, TaskRunner runner, EcsTags tags) {
        this.ecs = ecs;
        this.services = services;
        this.runner = runner;
        this.tags = tags;
    }

    TagResourceResponse tag(TagResourceRequest request, CallContext caller) {
        Validation.json().required("resourceArn", request.resourceArn()).required("tags", request.hasTags() ? request.tags() : null).check();
        tags.tag(existing(request.resourceArn(), caller), request.tags());
        return TagResourceResponse.builder().build();
    }

    UntagResourceResponse untag(UntagResourceRequest request, CallContext caller) {
        Validation.json().required("resourceArn", request.resourceArn())
                .required("tagKeys", request.hasTagKeys() ? request.tagKeys() : null).check();
        tags.untag(existing(request.resourceArn(), caller), request.tagKeys());
        return UntagResourceResponse.builder().build();
    }

    ListTagsForResourceResponse list(ListTagsForResourceRequest request, CallContext caller) {
        Validation.json().required("resourceArn", request.resourceArn()).check();
        return ListTagsForResourceResponse.builder().tags(tags.of(existing(request.resourceArn(), caller))).build();
    }

    /** The ARN when it names a resource of the caller's account and region that exists, refused in ECS's words otherwise. */
    private String existing(String arn, CallContext caller) {
        Matcher parts = ARN.matcher(arn);
        if (!parts.matches()) {
            throw AwsServiceException.badRequest("InvalidParameterException", "Invalid identifier: " + arn
                    + " is not the ARN of an ECS cluster, service, task definition or task.");
        }
        if (!parts.group(1).equals(caller.region()) || !parts.group(2).equals(caller.accountId())) {
            throw AwsServiceException.badRequest("InvalidParameterException",
                    "The resource " + arn + " is not in the caller's account and region.");
        }
        String rest = parts.group(4);
        EcsControlPlane.Scope scope = ecs.scope(caller.accountId(), caller.region());
        boolean exists = switch (parts.group(3)) {
            case "cluster" -> {
                synchronized (scope) {
                    EcsControlPlane.cluster(scope, rest);
                }
                yield true;
            }
            case "task-definition" -> {
                synchronized (scope) {
                    yield scope.taskDefinitions.containsKey(arn);
                }
            }
            case "service" -> {
                String[] clusterAndName = rest.split("/", 2);
                yield clusterAndName.length == 2
                        && services.find(caller, clusterAndName[0], clusterAndName[1]).arn.equals(arn);
            }
            default -> {
                String[] clusterAndId = rest.split("/", 2);
                synchronized (scope) {
                    EcsControlPlane.cluster(scope, clusterAndId[0]);
                }
                yield runner.tasks.containsKey(arn);
            }
        };
        if (!exists) {
            throw AwsServiceException.badRequest("ResourceNotFoundException", "The specified resource could not be found: " + arn);
        }
        return arn;
    }
}
