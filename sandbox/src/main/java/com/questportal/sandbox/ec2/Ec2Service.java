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
import java.util.Objects;
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
                record -> Vpc.builder().vpcId(id(record)).cidrBlock((String) record.get("CidrBlock")).state("available")
                        .ownerId(caller.accountId()).isDefault(false).instanceTenancy("default").tags(tags(record)).build());
        return DescribeVpcsResponse.builder().vpcs(page.items()).nextToken(page.next()).build();
    }

    private DescribeSubnetsResponse describeSubnets(DescribeSubnetsRequest request, CallContext caller) {
        Page<Subnet> page = describe(caller, "subnet", "subnet", request.subnetIds(), request.filters(), request.maxResults(),
                request.nextToken(), record -> Subnet.builder().subnetId(id(record)).vpcId((String) record.get("VpcId"))
                        .cidrBlock((String) record.get("CidrBlock")).availabilityZone((String) record.get("AvailabilityZone"))
                        .availableIpAddressCount((int) (1L << (32 - Cidr.parse((String) record.get("CidrBlock"))[1])) - 5)
                        .state("available").mapPublicIpOnLaunch(false).ownerId(caller.accountId())
                        .subnetArn("arn:aws:ec2:" + caller.region() + ":" + caller.accountId() + ":subnet/" + id(record))
                        .tags(tags(record)).build());
        return DescribeSubnetsResponse.builder().subnets(page.items()).nextToken(page.next()).build();
    }

    private DescribeInternetGatewaysResponse describeInternetGateways(DescribeInternetGatewaysRequest request, CallContext caller) {
        Map<String, Map<String, Object>> scope = store.scope(caller.accountId(), caller.region());
        Page<InternetGateway> page = describe(caller, "igw", "internetGateway", request.internetGatewayIds(), request.filters(),
                request.maxResults(), request.nextToken(), record -> InternetGateway.builder().internetGatewayId(id(record))
                        .ownerId(caller.accountId()).tags(tags(record))
                        .attachments(store.ofKind(scope, "igw-attach").stream().filter(a -> id(record).equals(a.get("InternetGatewayId")))
                                .map(a -> InternetGatewayAttachment.builder().vpcId((String) a.get("VpcId")).state("available").build())
                                .toList()).build());
        return DescribeInternetGatewaysResponse.builder().internetGateways(page.items()).nextToken(page.next()).build();
    }

    private DescribeRouteTablesResponse describeRouteTables(DescribeRouteTablesRequest request, CallContext caller) {
        Map<String, Map<String, Object>> scope = store.scope(caller.accountId(), caller.region());
        Page<RouteTable> page = describe(caller, "rtb", "routeTable", request.routeTableIds(), request.filters(), request.maxResults(),
                request.nextToken(), record -> {
                    List<Route> routes = new ArrayList<>();
                    Map<String, Object> vpc = scope.get((String) record.get("VpcId"));
                    if (vpc != null) {
                        routes.add(Route.builder().destinationCidrBlock((String) vpc.get("CidrBlock")).gatewayId("local").state("active")
                                .origin("CreateRouteTable").build());
                    }
                    store.ofKind(scope, "route").stream().filter(r -> id(record).equals(r.get("RouteTableId")))
                            .forEach(r -> routes.add(Route.builder().destinationCidrBlock((String) r.get("DestinationCidrBlock"))
                                    .gatewayId((String) r.get("GatewayId")).state("active").origin("CreateRoute").build()));
                    return RouteTable.builder().routeTableId(id(record)).vpcId((String) record.get("VpcId")).ownerId(caller.accountId())
                            .routes(routes).tags(tags(record))
                            .associations(store.ofKind(scope, "rtbassoc").stream().filter(a -> id(record).equals(a.get("RouteTableId")))
                                    .map(a -> RouteTableAssociation.builder().routeTableAssociationId(id(a)).routeTableId(id(record))
                                            .subnetId((String) a.get("SubnetId")).main(false).build()).toList()).build();
                });
        return DescribeRouteTablesResponse.builder().routeTables(page.items()).nextToken(page.next()).build();
    }

    @SuppressWarnings("unchecked")
    private DescribeSecurityGroupsResponse describeSecurityGroups(DescribeSecurityGroupsRequest request, CallContext caller) {
        Map<String, Map<String, Object>> scope = store.scope(caller.accountId(), caller.region());
        Page<SecurityGroup> page = describe(caller, "sg", "securityGroup", request.groupIds(), request.filters(), request.maxResults(),
                request.nextToken(), record -> {
                    Map<String, Object> properties = (Map<String, Object>) record.get("properties");
                    List<IpPermission> ingress = permissions(properties.get("SecurityGroupIngress"), "SourceSecurityGroupId");
                    List<IpPermission> egress = permissions(properties.get("SecurityGroupEgress"), "DestinationSecurityGroupId");
                    for (Map<String, Object> rule : store.ofKind(scope, "sgr")) {
                        if (id(record).equals(rule.get("GroupId"))) {
                            Map<String, Object> ruleProperties = (Map<String, Object>) rule.get("properties");
                            boolean outbound = "AWS::EC2::SecurityGroupEgress".equals(rule.get("type"));
                            (outbound ? egress : ingress).addAll(permissions(List.of(ruleProperties),
                                    outbound ? "DestinationSecurityGroupId" : "SourceSecurityGroupId"));
                        }
                    }
                    return SecurityGroup.builder().groupId(id(record)).vpcId((String) record.get("VpcId")).ownerId(caller.accountId())
                            .groupName(record.containsKey("GroupName") ? (String) record.get("GroupName") : id(record))
                            .description((String) properties.get("GroupDescription")).ipPermissions(ingress).ipPermissionsEgress(egress)
                            .tags(tags(record)).build();
                });
        return DescribeSecurityGroupsResponse.builder().securityGroups(page.items()).nextToken(page.next()).build();
    }

    private record Page<T>(List<T> items, String next) {
    }

    /** Records of one kind, by id (each must exist) or all, narrowed by EC2 filters, one page of them. */
    private <T> Page<T> describe(CallContext caller, String kind, String idName, List<String> ids, List<Filter> filters, Integer maxResults,
                                 String nextToken, Function<Map<String, Object>, T> convert) {
        Validation.json().range("maxResults", maxResults, 5, 1000).check();
        Map<String, Map<String, Object>> scope = store.scope(caller.accountId(), caller.region());
        List<T> all = new ArrayList<>();
        synchronized (scope) {
            List<Map<String, Object>> records = new ArrayList<>();
            if (!ids.isEmpty()) {
                for (String id : ids) {
                    Map<String, Object> record = scope.get(id);
                    if (record == null || !kind.equals(record.get("kind"))) {
                        String code = "Invalid" + Character.toUpperCase(idName.charAt(0)) + idName.substring(1) + "ID.NotFound";
                        throw AwsServiceException.badRequest(kind.equals("vpc") ? "InvalidVpcID.NotFound" : code,
                                "The " + idName + " ID '" + id + "' does not exist");
                    }
                    records.add(record);
                }
            } else {
                records.addAll(store.ofKind(scope, kind));
            }
            for (Map<String, Object> record : records) {
                if (filters.stream().allMatch(filter -> matches(scope, record, filter))) {
                    all.add(convert.apply(record));
                }
            }
        }
        int start = Paging.start(nextToken, all.size(), "InvalidPaginationToken", "The pagination token is invalid.");
        int size = maxResults == null ? 1000 : maxResults;
        return new Page<>(all.subList(start, Math.min(all.size(), start + size)), Paging.next(start, size, all.size()));
    }

    private boolean matches(Map<String, Map<String, Object>> scope, Map<String, Object> record, Filter filter) {
        String name = filter.name();
        List<String> values = filter.values();
        if (name.startsWith("tag:")) {
            String key = name.substring(4);
            return tags(record).stream().anyMatch(tag -> tag.key().equals(key) && wildcard(values, tag.value()));
        }
        String actual = switch (name) {
            case "vpc-id" -> record.get("kind").equals("vpc") ? id(record) : (String) record.get("VpcId");
            case "subnet-id" -> id(record);
            case "cidr", "cidr-block", "cidrBlock" -> (String) record.get("CidrBlock");
            case "availability-zone", "availabilityZone" -> (String) record.get("AvailabilityZone");
            case "group-id" -> id(record);
            case "group-name" -> (String) record.get("GroupName");
            case "internet-gateway-id" -> id(record);
            case "route-table-id" -> id(record);
            case "state" -> "available";
            case "attachment.vpc-id" -> store.ofKind(scope, "igw-attach").stream().filter(a -> id(record).equals(a.get("InternetGatewayId")))
                    .map(a -> (String) a.get("VpcId")).findFirst().orElse(null);
            case "association.subnet-id" -> store.ofKind(scope, "rtbassoc").stream().filter(a -> id(record).equals(a.get("RouteTableId")))
                    .map(a -> (String) a.get("SubnetId")).filter(subnet -> values.contains(subnet)).findFirst().orElse(null);
            default -> throw AwsServiceException.badRequest("InvalidParameterValue", "The filter '" + name + "' is invalid");
        };
        return actual != null && wildcard(values, actual);
    }

    private static boolean wildcard(List<String> values, String actual) {
        return values.stream().anyMatch(value -> value.contains("*")
                ? actual.matches(java.util.regex.Pattern.quote(value).replace("*", "\\E.*\\Q")) : value.equals(actual));
    }

    @SuppressWarnings("unchecked")
    private static List<Tag> tags(Map<String, Object> record) {
        Map<String, Object> properties = (Map<String, Object>) record.get("properties");
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

    private static String id(Map<String, Object> record) {
        return Objects.toString(record.get("id"));
    }
}
