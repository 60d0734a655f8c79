package com.questportal.sandbox.cloudformation;

import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Paging;
import com.questportal.sandbox.protocol.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourceRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourceResponse;
import software.amazon.awssdk.services.cloudformation.model.Export;
import software.amazon.awssdk.services.cloudformation.model.ListExportsRequest;
import software.amazon.awssdk.services.cloudformation.model.ListExportsResponse;
import software.amazon.awssdk.services.cloudformation.model.ListStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDetail;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;

/** The account-wide listings of CloudFormation: ListStacks (deleted stacks included, as AWS keeps them), ListExports, DescribeStackResource. */
final class StackListings {

    private static final int STACK_PAGE = 100;
    private static final int EXPORT_PAGE = 100;

    private final StackStore store;
    private final Stacks stacks;

    StackListings(StackStore store, Stacks stacks) {
        this.store = store;
        this.stacks = stacks;
    }

    ListStacksResponse list(ListStacksRequest request, CallContext caller) {
        Set<String> wanted = Set.copyOf(request.stackStatusFiltersAsStrings());
        List<StackSummary> all = new ArrayList<>();
        for (StackState stack : store.all(caller.accountId(), caller.region())) {
            synchronized (stack) {
                if (stack.status == null || (!wanted.isEmpty() && !wanted.contains(stack.status))) {
                    continue;
                }
                all.add(StackSummary.builder().stackId(stack.stackId).stackName(stack.stackName)
                        .templateDescription(stack.templateBody == null ? null : stack.template().description())
                        .creationTime(stack.created).lastUpdatedTime(stack.lastUpdated).deletionTime(stack.deleted)
                        .stackStatus(stack.status).stackStatusReason(stack.statusReason).build());
            }
        }
        List<StackSummary> newestFirst = new ArrayList<>(all);
        java.util.Collections.reverse(newestFirst);
        int start = Paging.start(request.nextToken(), newestFirst.size(), "ValidationError", "Invalid NextToken");
        return ListStacksResponse.builder().stackSummaries(newestFirst.subList(start, Math.min(newestFirst.size(), start + STACK_PAGE)))
                .nextToken(Paging.next(start, STACK_PAGE, newestFirst.size())).build();
    }

    ListExportsResponse exports(ListExportsRequest request, CallContext caller) {
        List<Export> all = new ArrayList<>();
        for (StackState stack : store.all(caller.accountId(), caller.region())) {
            synchronized (stack) {
                if (stack.deleted == null) {
                    stack.exports.forEach((name, value) -> all.add(Export.builder().exportingStackId(stack.stackId).name(name)
                            .value(value).build()));
                }
            }
        }
        int start = Paging.start(request.nextToken(), all.size(), "ValidationError", "Invalid NextToken");
        return ListExportsResponse.builder().exports(all.subList(start, Math.min(all.size(), start + EXPORT_PAGE)))
                .nextToken(Paging.next(start, EXPORT_PAGE, all.size())).build();
    }

    DescribeStackResourceResponse resource(DescribeStackResourceRequest request, CallContext caller) {
        Validation.query().required("LogicalResourceId", request.logicalResourceId()).check();
        StackState stack = stacks.existing(caller, request.stackName());
        synchronized (stack) {
            StackResourceState resource = stack.resources.get(request.logicalResourceId());
            if (resource == null) {
                throw AwsServiceException.badRequest("ValidationError", "Resource " + request.logicalResourceId()
                        + " does not exist for stack " + stack.stackName);
            }
            return DescribeStackResourceResponse.builder().stackResourceDetail(StackResourceDetail.builder().stackId(stack.stackId)
                    .stackName(stack.stackName).logicalResourceId(resource.logicalId).physicalResourceId(resource.physicalId)
                    .resourceType(resource.type).resourceStatus(resource.status).resourceStatusReason(resource.reason)
                    .lastUpdatedTimestamp(resource.updated).build()).build();
        }
    }
}
