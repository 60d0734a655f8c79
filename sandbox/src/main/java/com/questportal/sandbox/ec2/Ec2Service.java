package com.questportal.sandbox.ec2;

import com.questportal.sandbox.cloudformation.Cidr;
import com.questportal.sandbox.protocol.AwsService;
import com.questportal.sandbox.protocol.AwsServiceException;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Operation;
import com.questportal.sandbox.protocol.Paging;
import com.questportal.sandbox.protocol.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.model.DescribeInternetGatewaysRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInternetGatewaysResponse;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.InternetGatewayAttachment;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ec2.model.Vpc;

/** EC2's Describe calls over the network resources that stacks made, by id, filter and page. */
public final class Ec2Service {

    private final NetworkStore store;

    public Ec2Service(NetworkProviders network) {
        this.store = network.store();
    }

    public AwsService api() {
        return AwsService.ec2("http://ec2.amazonaws.com/doc/2016-11-15/", List.of(
                Operation.of("DescribeVpcs", DescribeVpcsRequest::builder, this::describeVpcs),
                Operation.of("DescribeSubnets", DescribeSubnetsRequest::builder, this::describeSubnets),
                Operation.of("DescribeInternetGateways", DescribeInternetGatewaysRequest::builder, this::describeInternetGateways),
                Operation.of("DescribeRouteTables", DescribeRouteTablesRequest::builder, this::describeRouteTables),
                Operation.of("DescribeSecurityGroups", DescribeSecurityGroupsRequest::builder, this::describeSecurityGroups)));
    }

    private DescribeVpcsResponse describeVpcs(DescribeVpcsRequest request, CallContext caller) {
        Page<Vpc> page = describe(caller, "vpc", "vpc", request.vpcIds(), request.filters(), request.maxResults(), request.nextToken(),
                record -> Vpc.builder().vpcId(record.id()).cidrBlock(record.cidrBlock()).state("available")
                        .ownerId(caller.accountId()).isDefault(false).instanceTenancy("default").tags(tags(record)).build());
        return DescribeVpcsResponse.builder().vpcs(page.items()).nextToken(page.next()).build();
    }

    private DescribeSubnetsResponse describeSubnets(DescribeSubnetsRequest request, CallContext caller) {
        Page<Subnet> page = describe(caller, "subnet", "subnet", request.subnetIds(), request.filters(), request.maxResults(),
                request.nextToken(), record -> Subnet.builder().subnetId(record.id()).vpcId(record.vpcId())
                        .cidrBlock(record.cidrBlock()).availabilityZone(record.availabilityZone())
                        .availableIpAddressCount((int) (1L << (32 - Cidr.parse(record.cidrBlock())[1])) - 5)
                        .state("available").mapPublicIpOnLaunch(false).ownerId(caller.accountId())
                        .subnetArn("arn:aws:ec2:" + caller.region() + ":" + caller.accountId() + ":subnet/" + record.id())
                        .tags(tags(record)).build());
        return DescribeSubnetsResponse.builder().subnets(page.items()).nextToken(page.next()).build();
    }

    private DescribeInternetGatewaysResponse describeInternetGateways(DescribeInternetGatewaysRequest request, CallContext caller) {
        Map<String, NetworkResource> scope = store.scope(caller.accountId(), caller.region());
        Page<InternetGateway> page = describe(caller, "igw", "internetGateway", request.internetGatewayIds(), request.filters(),
                request.maxResults(), request.nextToken(), record -> InternetGateway.builder().internetGatewayId(record.id())
                        .ownerId(caller.accountId()).tags(tags(record))
                        .attachments(store.ofKind(scope, "igw-attach").stream().filter(a -> record.id().equals(a.attribute("InternetGatewayId")))
                                .map(a -> InternetGatewayAttachment.builder().vpcId(a.vpcId()).state("available").build())
                                .toList()).build());
        return DescribeInternetGatewaysResponse.builder().internetGateways(page.items()).nextToken(page.next()).build();
    }

    private DescribeRouteTablesResponse describeRouteTables(DescribeRouteTablesRequest request, CallContext caller) {
        Map<String, NetworkResource> scope = store.scope(caller.accountId(), caller.region());
        Page<RouteTable> page = describe(caller, "rtb", "routeTable", request.routeTableIds(), request.filters(), request.maxResults(),
                request.nextToken(), record -> {
                    List<Route> routes = new ArrayList<>();
                    NetworkResource vpc = scope.get(record.vpcId());
                    if (vpc != null) {
                        routes.add(Route.builder().destinationCidrBlock(vpc.cidrBlock()).gatewayId("local").state("active")
                                .origin("CreateRouteTable").build());
                    }
                    store.ofKind(scope, "route").stream().filter(r -> record.id().equals(r.attribute("RouteTableId")))
                            .forEach(r -> routes.add(Route.builder().destinationCidrBlock(r.attribute("DestinationCidrBlock"))
                                    .gatewayId(r.attribute("GatewayId")).state("active").origin("CreateRoute").build()));
                    return RouteTable.builder().routeTableId(record.id()).vpcId(record.vpcId()).ownerId(caller.accountId())
                            .routes(routes).tags(tags(record))
                            .associations(store.ofKind(scope, "rtbassoc").stream().filter(a -> record.id().equals(a.attribute("RouteTableId")))
                                    .map(a -> RouteTableAssociation.builder().routeTableAssociationId(a.id()).routeTableId(record.id())
                                            .subnetId(a.attribute("SubnetId")).main(false).build()).toList()).build();
                });
        return DescribeRouteTablesResponse.builder().routeTables(page.items()).nextToken(page.next()).build();
    }

    private DescribeSecurityGroupsResponse describeSecurityGroups(DescribeSecurityGroupsRequest request, CallContext caller) {
        Map<String, NetworkResource> scope = store.scope(caller.accountId(), caller.region());
        Page<SecurityGroup> page = describe(caller, "sg", "securityGroup", request.groupIds(), request.filters(), request.maxResults(),
                request.nextToken(), record -> {
                    Map<String, Object> properties = record.properties();
                    List<IpPermission> ingress = permissions(properties.get("SecurityGroupIngress"), "SourceSecurityGroupId");
                    List<IpPermission> egress = permissions(properties.get("SecurityGroupEgress"), "DestinationSecurityGroupId");
                    for (NetworkResource rule : store.ofKind(scope, "sgr")) {
                        if (record.id().equals(rule.attribute("GroupId"))) {
                            Map<String, Object> ruleProperties = rule.properties();
                            boolean outbound = "AWS::EC2::SecurityGroupEgress".equals(rule.type());
                            (outbound ? egress : ingress).addAll(permissions(List.of(ruleProperties),
                                    outbound ? "DestinationSecurityGroupId" : "SourceSecurityGroupId"));
                        }
                    }
                    return SecurityGroup.builder().groupId(record.id()).vpcId(record.vpcId()).ownerId(caller.accountId())
                            .groupName(record.groupName() != null ? record.groupName() : record.id())
                            .description((String) properties.get("GroupDescription")).ipPermissions(ingress).ipPermissionsEgress(egress)
                            .tags(tags(record)).build();
                });
        return DescribeSecurityGroupsResponse.builder().securityGroups(page.items()).nextToken(page.next()).build();
    }

    private record Page<T>(List<T> items, String next) {
    }

    /** Records of one kind, by id (each must exist) or all, narrowed by EC2 filters, one page of them. */
    private <T> Page<T> describe(CallContext caller, String kind, String idName, List<String> ids, List<Filter> filters, Integer maxResults,
                                 String nextToken, Function<NetworkResource, T> convert) {
        Validation.json().range("maxResults", maxResults, 5, 1000).check();
        Map<String, NetworkResource> scope = store.scope(caller.accountId(), caller.region());
        List<T> all = new ArrayList<>();
        synchronized (scope) {
            List<NetworkResource> records = new ArrayList<>();
            if (!ids.isEmpty()) {
                for (String id : ids) {
                    NetworkResource record = scope.get(id);
                    if (record == null || !record.is(kind)) {
                        String code = "Invalid" + Character.toUpperCase(idName.charAt(0)) + idName.substring(1) + "ID.NotFound";
                        throw AwsServiceException.badRequest(kind.equals("vpc") ? "InvalidVpcID.NotFound" : code,
                                "The " + idName + " ID '" + id + "' does not exist");
                    }
                    records.add(record);
                }
            } else {
                records.addAll(store.ofKind(scope, kind));
            }
            for (NetworkResource record : records) {
                if (filters.stream().allMatch(filter -> matches(scope, record, filter))) {
                    all.add(convert.apply(record));
                }
            }
        }
        int start = Paging.start(nextToken, all.size(), "InvalidPaginationToken", "The pagination token is invalid.");
        int size = maxResults == null ? 1000 : maxResults;
        return new Page<>(all.subList(start, Math.min(all.size(), start + size)), Paging.next(start, size, all.size()));
    }

    private boolean matches(Map<String, NetworkResource> scope, NetworkResource record, Filter filter) {
        String name = filter.name();
        List<String> values = filter.values();
        if (name.startsWith("tag:")) {
            String key = name.substring(4);
            return tags(record).stream().anyMatch(tag -> tag.key().equals(key) && wildcard(values, tag.value()));
        }
        String actual = switch (name) {
            case "vpc-id" -> record.vpcId();
            case "subnet-id" -> record.id();
            case "cidr", "cidr-block", "cidrBlock" -> record.cidrBlock();
            case "availability-zone", "availabilityZone" -> record.availabilityZone();
            case "group-id" -> record.id();
            case "group-name" -> record.groupName();
            case "internet-gateway-id" -> record.id();
            case "route-table-id" -> record.id();
            case "state" -> "available";
            case "attachment.vpc-id" -> store.ofKind(scope, "igw-attach").stream().filter(a -> record.id().equals(a.attribute("InternetGatewayId")))
                    .map(a -> a.vpcId()).findFirst().orElse(null);
            case "association.subnet-id" -> store.ofKind(scope, "rtbassoc").stream().filter(a -> record.id().equals(a.attribute("RouteTableId")))
                    .map(a -> a.attribute("SubnetId")).filter(subnet -> values.contains(subnet)).findFirst().orElse(null);
            default -> throw AwsServiceException.badRequest("InvalidParameterValue", "The filter '" + name + "' is invalid");
        };
        return actual != null && wildcard(values, actual);
    }

    private static boolean wildcard(List<String> values, String actual) {
        return values.stream().anyMatch(value -> value.contains("*")
                ? actual.matches(java.util.regex.Pattern.quote(value).replace("*", "\\E.*\\Q")) : value.equals(actual));
    }

    private static List<Tag> tags(NetworkResource record) {
        Map<String, Object> properties = record.properties();
        List<Tag> tags = new ArrayList<>();
        if (properties != null && properties.get("Tags") instanceof List<?> list) {
            list.forEach(tag -> tags.add(Tag.builder().key(String.valueOf(((Map<?, ?>) tag).get("Key")))
                    .value(String.valueOf(((Map<?, ?>) tag).get("Value"))).build()));
        }
        return tags;
    }

    @SuppressWarnings("unchecked")
    private static List<IpPermission> permissions(Object rules, String peer) {
        List<IpPermission> permissions = new ArrayList<>();
        if (rules instanceof List<?> list) {
            for (Object entry : list) {
                Map<String, Object> rule = (Map<String, Object>) entry;
                IpPermission.Builder permission = IpPermission.builder().ipProtocol(String.valueOf(rule.get("IpProtocol")))
                        .fromPort(integer(rule.get("FromPort"))).toPort(integer(rule.get("ToPort")));
                if (rule.get("CidrIp") != null) {
                    permission.ipRanges(IpRange.builder().cidrIp(String.valueOf(rule.get("CidrIp")))
                            .description((String) rule.get("Description")).build());
                }
                if (rule.get(peer) != null) {
                    permission.userIdGroupPairs(UserIdGroupPair.builder().groupId(String.valueOf(rule.get(peer)))
                            .description((String) rule.get("Description")).build());
                }
                permissions.add(permission.build());
            }
        }
        return permissions;
    }

    private static Integer integer(Object value) {
        return value == null ? null : (int) Double.parseDouble(String.valueOf(value));
    }
}
