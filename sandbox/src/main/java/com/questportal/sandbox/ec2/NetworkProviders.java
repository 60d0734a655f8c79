package com.questportal.sandbox.ec2;

import com.questportal.sandbox.cloudformation.Cidr;
import com.questportal.sandbox.cloudformation.ResourceProvider;
import com.questportal.sandbox.cloudformation.ResourceProvider.ResourceFailure;
import com.questportal.sandbox.protocol.AwsServiceException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The EC2 network resource types of CloudFormation, over one {@link NetworkStore}, with the
 * checks EC2 makes: CIDRs that parse, subnets inside their VPC and apart from each other,
 * gateways attached before routes use them, security-group sources that exist, and no VPC
 * deleted while something still lives in it.
 */
public final class NetworkProviders {

    /** Stands for the id of the record being created, which the checks do not know yet. */
    private static final String SELF = "\u0000self";

    /** What one resource type checks, and the attributes it answers to Fn::GetAtt. */
    private interface Check {
        Map<String, String> apply(Map<String, NetworkResource> scope, Map<String, Object> properties, ResourceProvider.Context context);
    }

    private final NetworkStore store;

    public NetworkProviders(Path directory) {
        this.store = new NetworkStore(directory);
    }

    NetworkStore store() {
        return store;
    }

    /** One network resource (a subnet with its VPC and availability zone, a security group...), if it exists. */
    public java.util.Optional<NetworkResource> find(String account, String region, String id) {
        Map<String, NetworkResource> scope = store.scope(account, region);
        synchronized (scope) {
            return java.util.Optional.ofNullable(scope.get(id));
        }
    }

    public List<ResourceProvider> all() {
        return List.of(
                provider("AWS::EC2::VPC", "vpc", Set.of("CidrBlock", "InstanceTenancy"), this::vpc),
                provider("AWS::EC2::InternetGateway", "igw", Set.of(), (scope, p, c) -> Map.of("InternetGatewayId", SELF)),
                provider("AWS::EC2::VPCGatewayAttachment", "igw-attach", Set.of("VpcId", "InternetGatewayId"), this::attachment),
                provider("AWS::EC2::RouteTable", "rtb", Set.of("VpcId"),
                        (scope, p, c) -> Map.of("VpcId", existing(scope, p, "VpcId", "vpc").id(), "RouteTableId", SELF)),
                provider("AWS::EC2::Route", "route", Set.of("RouteTableId", "DestinationCidrBlock"), this::route),
                provider("AWS::EC2::Subnet", "subnet", Set.of("VpcId", "CidrBlock", "AvailabilityZone"), this::subnet),
                provider("AWS::EC2::SubnetRouteTableAssociation", "rtbassoc", Set.of("SubnetId", "RouteTableId"), this::association),
                provider("AWS::EC2::SecurityGroup", "sg", Set.of("VpcId", "GroupName", "GroupDescription"), this::securityGroup),
                provider("AWS::EC2::SecurityGroupIngress", "sgr", Set.of("GroupId", "IpProtocol", "FromPort", "ToPort",
                        "CidrIp", "SourceSecurityGroupId"), (scope, p, c) -> rule(scope, p, "SourceSecurityGroupId")),
                provider("AWS::EC2::SecurityGroupEgress", "sgr", Set.of("GroupId", "IpProtocol", "FromPort", "ToPort",
                        "CidrIp", "DestinationSecurityGroupId"), (scope, p, c) -> rule(scope, p, "DestinationSecurityGroupId")));
    }

    private Map<String, String> vpc(Map<String, NetworkResource> scope, Map<String, Object> properties,
                                    ResourceProvider.Context context) {
        String cidr = cidr(properties.get("CidrBlock"), "cidrBlock", 16, 28);
        return Map.of("CidrBlock", cidr, "VpcId", SELF, "DefaultSecurityGroup", store.newId("sg"),
                "DefaultNetworkAcl", store.newId("acl"));
    }

    private Map<String, String> attachment(Map<String, NetworkResource> scope, Map<String, Object> properties,
                                    ResourceProvider.Context context) {
        NetworkResource vpc = existing(scope, properties, "VpcId", "vpc");
        NetworkResource gateway = existing(scope, properties, "InternetGatewayId", "igw");
        boolean attached = store.ofKind(scope, "igw-attach").stream().anyMatch(a -> gateway.id().equals(a.attribute("InternetGatewayId")));
        if (attached) {
            throw failure("Resource.AlreadyAssociated", "resource " + gateway.id() + " is already attached to network");
        }
        return Map.of("VpcId", vpc.id(), "InternetGatewayId", gateway.id());
    }

    private Map<String, String> route(Map<String, NetworkResource> scope, Map<String, Object> properties,
                                    ResourceProvider.Context context) {
        NetworkResource table = existing(scope, properties, "RouteTableId", "rtb");
        String destination = cidr(properties.get("DestinationCidrBlock"), "destinationCidrBlock", 0, 32);
        NetworkResource gateway = existing(scope, properties, "GatewayId", "igw");
        boolean attachedToVpc = store.ofKind(scope, "igw-attach").stream().anyMatch(a -> gateway.id().equals(a.attribute("InternetGatewayId"))
                && table.vpcId().equals(a.vpcId()));
        if (!attachedToVpc) {
            throw failure("InvalidParameterValue", "route table " + table.id() + " and network gateway " + gateway.id()
                    + " belong to different networks");
        }
        return Map.of("RouteTableId", table.id(), "DestinationCidrBlock", destination, "GatewayId", gateway.id());
    }

    private Map<String, String> subnet(Map<String, NetworkResource> scope, Map<String, Object> properties,
                                       ResourceProvider.Context context) {
        NetworkResource vpc = existing(scope, properties, "VpcId", "vpc");
        String cidr = cidr(properties.get("CidrBlock"), "cidrBlock", 16, 28);
        long[] block = Cidr.parse(cidr);
        long[] network = Cidr.parse(vpc.cidrBlock());
        if (block[1] < network[1] || (block[0] >> (32 - network[1])) != (network[0] >> (32 - network[1]))) {
            throw failure("InvalidSubnet.Range", "The CIDR '" + cidr + "' is invalid.");
        }
        for (NetworkResource other : store.ofKind(scope, "subnet")) {
            if (other.vpcId().equals(vpc.id()) && overlaps(block, Cidr.parse(other.cidrBlock()))) {
                throw failure("InvalidSubnet.Conflict", "The CIDR '" + cidr + "' conflicts with another subnet");
            }
        }
        String zone = properties.containsKey("AvailabilityZone") ? String.valueOf(properties.get("AvailabilityZone")) : context.region() + "a";
        if (!zone.matches(java.util.regex.Pattern.quote(context.region()) + "[a-f]")) {
            throw failure("InvalidParameterValue", "Value (" + zone + ") for parameter availabilityZone is invalid. Subnets can currently "
                    + "only be created in the following availability zones: " + context.region() + "a, " + context.region() + "b, "
                    + context.region() + "c.");
        }
        return Map.of("VpcId", vpc.id(), "CidrBlock", cidr, "AvailabilityZone", zone, "SubnetId", SELF);
    }

    private Map<String, String> association(Map<String, NetworkResource> scope, Map<String, Object> properties,
                                    ResourceProvider.Context context) {
        NetworkResource subnet = existing(scope, properties, "SubnetId", "subnet");
        NetworkResource table = existing(scope, properties, "RouteTableId", "rtb");
        if (!subnet.vpcId().equals(table.vpcId())) {
            throw failure("InvalidParameterValue", "Route table " + table.id() + " and subnet " + subnet.id()
                    + " belong to different networks");
        }
        return Map.of("SubnetId", subnet.id(), "RouteTableId", table.id());
    }

    private Map<String, String> securityGroup(Map<String, NetworkResource> scope, Map<String, Object> properties,
                                    ResourceProvider.Context context) {
        NetworkResource vpc = existing(scope, properties, "VpcId", "vpc");
        if (properties.get("GroupDescription") == null) {
            throw failure("MissingParameter", "The request must contain the parameter groupDescription");
        }
        String name = properties.containsKey("GroupName") ? String.valueOf(properties.get("GroupName")) : null;
        if (name != null && store.ofKind(scope, "sg").stream().anyMatch(g -> name.equals(g.groupName()) && vpc.id().equals(g.vpcId()))) {
            throw failure("InvalidGroup.Duplicate", "The security group '" + name + "' already exists for VPC '" + vpc.id() + "'");
        }
        for (String direction : List.of("SecurityGroupIngress", "SecurityGroupEgress")) {
            if (properties.get(direction) instanceof List<?> rules) {
                for (Object rule : rules) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> fields = (Map<String, Object>) rule;
                    checkRule(scope, fields, direction.endsWith("Ingress") ? "SourceSecurityGroupId" : "DestinationSecurityGroupId");
                }
            }
        }
        return name == null ? Map.of("VpcId", vpc.id(), "GroupId", SELF)
                : Map.of("VpcId", vpc.id(), "GroupId", SELF, "GroupName", name);
    }

    private Map<String, String> rule(Map<String, NetworkResource> scope, Map<String, Object> properties, String peer) {
        NetworkResource group = existing(scope, properties, "GroupId", "sg");
        checkRule(scope, properties, peer);
        return Map.of("GroupId", group.id());
    }

    private void checkRule(Map<String, NetworkResource> scope, Map<String, Object> rule, String peer) {
        if (rule.get("CidrIp") != null) {
            cidr(rule.get("CidrIp"), "cidrIp", 0, 32);
        }
        if (rule.get(peer) != null) {
            Object id = rule.get(peer);
            if (!scope.containsKey(String.valueOf(id)) || !scope.get(String.valueOf(id)).is("sg")) {
                throw failure("InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
            }
        }
        if (rule.get("FromPort") != null && rule.get("ToPort") != null) {
            int from = (int) Double.parseDouble(String.valueOf(rule.get("FromPort")));
            int to = (int) Double.parseDouble(String.valueOf(rule.get("ToPort")));
            if (from > to && from != -1) {
                throw failure("InvalidParameterValue", "Invalid port range: from " + from + " to " + to);
            }
        }
    }

    private ResourceProvider provider(String type, String prefix, Set<String> replacing,
                                      Check check) {
        return new ResourceProvider() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Provisioned create(Context context, String logicalId, Map<String, Object> properties) {
                Map<String, NetworkResource> scope = store.scope(context.accountId(), context.region());
                synchronized (scope) {
                    Map<String, String> attributes = new LinkedHashMap<>(check.apply(scope, properties, context));
                    String id = store.newId(prefix);
                    attributes.replaceAll((key, value) -> SELF.equals(value) ? id : value);
                    scope.put(id, new NetworkResource(id, prefix, type, attributes, properties));
                    store.save(context.accountId(), context.region());
                    return new Provisioned(id, attributes);
                }
            }

            @Override
            public Provisioned update(Context context, String logicalId, Provisioned current, Map<String, Object> properties) {
                Map<String, NetworkResource> scope = store.scope(context.accountId(), context.region());
                synchronized (scope) {
                    NetworkResource resource = scope.get(current.physicalId());
                    if (resource == null) {
                        throw new ResourceFailure("The resource " + current.physicalId() + " no longer exists");
                    }
                    scope.put(resource.id(), resource.withProperties(properties));
                    store.save(context.accountId(), context.region());
                    return current;
                }
            }

            @Override
            public void delete(Context context, Provisioned current) {
                Map<String, NetworkResource> scope = store.scope(context.accountId(), context.region());
                synchronized (scope) {
                    String id = current.physicalId();
                    boolean inUse = scope.values().stream().anyMatch(resource -> !id.equals(resource.id()) && resource.refersTo(id));
                    if (inUse && (prefix.equals("vpc") || prefix.equals("igw") || prefix.equals("sg") || prefix.equals("rtb")
                            || prefix.equals("subnet"))) {
                        throw failure("DependencyViolation", "The " + prefix + " '" + id + "' has dependencies and cannot be deleted.");
                    }
                    scope.remove(id);
                    store.save(context.accountId(), context.region());
                }
            }

            @Override
            public Set<String> replacingProperties() {
                return replacing;
            }

            /** What EC2 holds for the resource now: its properties as last set, or GONE once deleted. */
            @Override
            public java.util.Optional<Map<String, Object>> actualProperties(Context context, Provisioned current) {
                Map<String, NetworkResource> scope = store.scope(context.accountId(), context.region());
                synchronized (scope) {
                    NetworkResource resource = scope.get(current.physicalId());
                    return java.util.Optional.of(resource == null ? GONE : new LinkedHashMap<>(resource.properties()));
                }
            }
        };
    }

    private static NetworkResource existing(Map<String, NetworkResource> scope, Map<String, Object> properties, String property,
                                            String kind) {
        Object id = properties.get(property);
        NetworkResource record = id == null ? null : scope.get(String.valueOf(id));
        if (record == null || !record.is(kind)) {
            throw failure("Invalid" + property.replace("Id", "") + "ID.NotFound", "The " + property + " '" + id + "' does not exist");
        }
        return record;
    }

    private static String cidr(Object value, String parameter, int minPrefix, int maxPrefix) {
        String text = value == null ? null : String.valueOf(value);
        try {
            long[] parsed = Cidr.parse(String.valueOf(text));
            if (parsed[1] < minPrefix || parsed[1] > maxPrefix) {
                throw failure("InvalidParameterValue", "Value (" + text + ") for parameter " + parameter + " is invalid. "
                        + "The prefix length must be between /" + minPrefix + " and /" + maxPrefix + ".");
            }
            return text;
        } catch (AwsServiceException e) {
            throw failure("InvalidParameterValue", "Value (" + text + ") for parameter " + parameter + " is invalid. "
                    + "This is not a valid CIDR block.");
        }
    }

    private static boolean overlaps(long[] a, long[] b) {
        int prefix = (int) Math.min(a[1], b[1]);
        return prefix == 0 || (a[0] >> (32 - prefix)) == (b[0] >> (32 - prefix));
    }

    private static ResourceFailure failure(String code, String message) {
        return ResourceFailure.refused("Ec2", code, message);
    }
}
