package com.questportal.sandbox.elbv2;

import com.questportal.sandbox.ec2.NetworkProviders;
import com.questportal.sandbox.ec2.NetworkResource;
import com.questportal.sandbox.protocol.AwsServiceException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ELBv2's control plane: load balancers in the subnets EC2 knows, target groups, listeners and
 * target registrations, with ELBv2's checks and errors. Each load balancer's DNS name is the local
 * address its {@link LoadBalancerProxy} serves.
 */
final class LoadBalancing {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?");
    static final Map<String, String> LOAD_BALANCER_ATTRIBUTES = Map.of("deletion_protection.enabled", "false",
            "idle_timeout.timeout_seconds", "60", "routing.http.drop_invalid_header_fields.enabled", "false",
            "routing.http2.enabled", "true", "access_logs.s3.enabled", "false");
    static final Map<String, String> TARGET_GROUP_ATTRIBUTES = Map.of("deregistration_delay.timeout_seconds", "300",
            "stickiness.enabled", "false", "stickiness.type", "lb_cookie", "load_balancing.algorithm.type", "round_robin",
            "slow_start.duration_seconds", "0");

    final Balancers balancers;
    private final NetworkProviders network;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final LoadBalancerProxies proxies;

    LoadBalancing(Balancers balancers, NetworkProviders network, Clock clock, LoadBalancerProxies proxies) {
        this.balancers = balancers;
        this.network = network;
        this.clock = clock;
        this.proxies = proxies;
    }

    LoadBalancerRecord createLoadBalancer(String account, String region, String name, List<String> subnets, List<String> securityGroups,
                                          String scheme, String type) {
        checkName(name, "load balancer");
        if (name.startsWith("internal-")) {
            throw error("ValidationError", "Load balancer name cannot start with 'internal-'");
        }
        String kind = type == null ? "application" : type;
        Map<String, String> zones = new LinkedHashMap<>();
        String vpc = null;
        for (String subnetId : subnets) {
            NetworkResource subnet = network.find(account, region, subnetId).filter(r -> r.is("subnet"))
                    .orElseThrow(() -> error("SubnetNotFound", "The subnet ID '" + subnetId + "' is not valid"));
            if (vpc != null && !vpc.equals(subnet.vpcId())) {
                throw error("InvalidConfigurationRequest", "All subnets must belong to the same VPC");
            }
            vpc = subnet.vpcId();
            if (zones.containsValue(subnet.availabilityZone())) {
                throw error("InvalidConfigurationRequest", "A load balancer cannot be attached to multiple subnets in the same Availability Zone");
            }
            zones.put(subnetId, subnet.availabilityZone());
        }
        if ("application".equals(kind) && zones.size() < 2) {
            throw error("ValidationError", "At least two subnets in two different Availability Zones must be specified");
        }
        for (String group : securityGroups) {
            String inVpc = vpc;
            network.find(account, region, group).filter(r -> r.is("sg") && inVpc.equals(r.vpcId()))
                    .orElseThrow(() -> error("InvalidSecurityGroup", "One or more security groups are invalid"));
        }
        Balancers.Scope scope = balancers.scope(account, region);
        synchronized (scope) {
            if (scope.loadBalancers.values().stream().anyMatch(lb -> name.equals(lb.name()))) {
                throw error("DuplicateLoadBalancerName", "A load balancer with the same name '" + name + "' exists, but with different settings");
            }
            String id = hex(8);
            int localPort = proxies.reserve();
            LoadBalancerRecord record = new LoadBalancerRecord("arn:aws:elasticloadbalancing:" + region + ":" + account + ":loadbalancer/app/"
                    + name + "/" + id, name, "app/" + name + "/" + id, localPort, proxies.dnsName(localPort),
                    scheme == null ? "internet-facing" : scheme, kind, vpc, zones, securityGroups, clock.millis(), LOAD_BALANCER_ATTRIBUTES);
            scope.loadBalancers.put(record.arn(), record);
            balancers.save(account, region);
            return record;
        }
    }

    TargetGroupRecord createTargetGroup(String account, String region, String name, String protocol, Integer port, String vpcId,
                                        String targetType, Map<String, Object> healthCheck) {
        checkName(name, "target group");
        String kind = targetType == null ? "instance" : targetType;
        if (!kind.equals("lambda") && (port == null || protocol == null || vpcId == null)) {
            throw error("ValidationError", "A port, protocol and VPC ID must be specified for a target group of type " + kind);
        }
        if (vpcId != null) {
            network.find(account, region, vpcId).filter(r -> r.is("vpc"))
                    .orElseThrow(() -> error("ValidationError", "The VPC ID '" + vpcId + "' is not found"));
        }
        TargetGroupRecord.HealthCheck checks = TargetGroupRecord.HealthCheck.of(healthCheck);
        Balancers.Scope scope = balancers.scope(account, region);
        synchronized (scope) {
            if (scope.targetGroups.values().stream().anyMatch(tg -> name.equals(tg.name()))) {
                throw error("DuplicateTargetGroupName", "A target group with the same name '" + name + "' exists, but with different settings");
            }
            String id = hex(8);
            TargetGroupRecord record = new TargetGroupRecord("arn:aws:elasticloadbalancing:" + region + ":" + account + ":targetgroup/" + name
                    + "/" + id, name, "targetgroup/" + name + "/" + id, protocol, port, vpcId, kind, checks, TARGET_GROUP_ATTRIBUTES);
            scope.targetGroups.put(record.arn(), record);
            scope.registrations.put(record.arn(), new LinkedHashMap<>());
            balancers.save(account, region);
            return record;
        }
    }

    /** A listener; {@code actions} are maps with Type and TargetGroupArn or RedirectConfig, as CloudFormation and the API give them. */
    ListenerRecord createListener(String account, String region, String loadBalancerArn, String protocol, Integer port,
                                  List<String> certificates, String sslPolicy, List<Map<String, Object>> actions) {
        Balancers.Scope scope = balancers.scope(account, region);
        synchronized (scope) {
            LoadBalancerRecord balancer = loadBalancer(scope, loadBalancerArn);
            if (port == null || port < 1 || port > 65535) {
                throw error("ValidationError", "A listener port must be between 1 and 65535");
            }
            if (!"HTTP".equals(protocol) && !"HTTPS".equals(protocol)) {
                throw error("UnsupportedProtocol", "Protocol '" + protocol + "' is not supported by an application load balancer");
            }
            if ("HTTPS".equals(protocol) && certificates.isEmpty()) {
                throw error("CertificateNotFound", "A certificate must be specified for HTTPS listeners");
            }
            if ("HTTPS".equals(protocol)) {
                proxies.prepareTls();
            }
            if (scope.listeners.values().stream().anyMatch(l -> loadBalancerArn.equals(l.loadBalancerArn()) && port == l.port())) {
                throw error("DuplicateListener", "A listener already exists on this port for this load balancer");
            }
            if (actions.isEmpty()) {
                throw error("ValidationError", "A listener must have at least one default action");
            }
            for (Map<String, Object> action : actions) {
                String type = String.valueOf(action.get("Type"));
                if (type.equals("forward")) {
                    targetGroup(scope, String.valueOf(action.get("TargetGroupArn")));
                } else if (!type.equals("redirect") && !type.equals("fixed-response")) {
                    throw error("ValidationError", "Action type '" + type + "' must be one of 'forward', 'redirect', 'fixed-response'");
                }
            }
            ListenerRecord record = new ListenerRecord("arn:aws:elasticloadbalancing:" + region + ":" + account + ":listener/"
                    + balancer.fullName() + "/" + hex(8), loadBalancerArn, protocol, port, certificates,
                    "HTTPS".equals(protocol) ? (sslPolicy == null ? "ELBSecurityPolicy-2016-08" : sslPolicy) : null, actions);
            scope.listeners.put(record.arn(), record);
            balancers.save(account, region);
            return record;
        }
    }

    /** Changes a listener's actions, certificates and policy in place, as CloudFormation updates it. */
    void updateListener(String account, String region, String arn, List<String> certificates, String sslPolicy,
                        List<Map<String, Object>> actions) {
        Balancers.Scope scope = balancers.scope(account, region);
        synchronized (scope) {
            ListenerRecord listener = scope.listeners.get(arn);
            if (listener == null) {
                throw error("ListenerNotFound", "One or more listeners not found");
            }
            for (Map<String, Object> action : actions) {
                if ("forward".equals(action.get("Type"))) {
                    targetGroup(scope, String.valueOf(action.get("TargetGroupArn")));
                }
            }
            scope.listeners.put(arn, listener.with(certificates, sslPolicy, actions));
            balancers.save(account, region);
        }
    }

    /** The record of that ARN (load balancer, target group or listener), or empty when it is gone: what drift reads. */
    <R> java.util.Optional<R> find(String account, String region, String arn, Class<R> kind) {
        Balancers.Scope scope = balancers.scope(account, region);
        synchronized (scope) {
            Object record = scope.loadBalancers.containsKey(arn) ? scope.loadBalancers.get(arn)
                    : scope.targetGroups.containsKey(arn) ? scope.targetGroups.get(arn) : scope.listeners.get(arn);
            return java.util.Optional.ofNullable(record).filter(kind::isInstance).map(kind::cast);
        }
    }

    /** Changes a target group's health check. */
    void updateHealthCheck(String account, String region, String arn, Map<String, Object> healthCheck) {
        TargetGroupRecord.HealthCheck checks = TargetGroupRecord.HealthCheck.of(healthCheck);
        Balancers.Scope scope = balancers.scope(account, region);
        synchronized (scope) {
            scope.targetGroups.put(arn, targetGroup(scope, arn).withHealthCheck(checks));
            balancers.save(account, region);
        }
    }

    void deleteLoadBalancer(String account, String region, String arn) {
        Balancers.Scope scope = balancers.scope(account, region);
        synchronized (scope) {
            if (loadBalancer(scope, arn).deletionProtected()) {
                throw error("OperationNotPermitted", "Load balancer '" + arn + "' cannot be deleted because deletion protection is enabled");
            }
            scope.listeners.values().removeIf(listener -> arn.equals(listener.loadBalancerArn()));
            scope.loadBalancers.remove(arn);
            balancers.save(account, region);
        }
    }

    void deleteTargetGroup(String account, String region, String arn) {
        Balancers.Scope scope = balancers.scope(account, region);
        synchronized (scope) {
            targetGroup(scope, arn);
            if (!loadBalancersOf(scope, arn).isEmpty()) {
                throw error("ResourceInUse", "Target group '" + arn + "' is currently in use by a listener or a rule");
            }
            scope.targetGroups.remove(arn);
            scope.registrations.remove(arn);
            balancers.save(account, region);
        }
    }

    void deleteListener(String account, String region, String arn) {
        Balancers.Scope scope = balancers.scope(account, region);
        synchronized (scope) {
            if (scope.listeners.remove(arn) == null) {
                throw error("ListenerNotFound", "One or more listeners not found");
            }
            balancers.save(account, region);
        }
    }

    void setAttributes(String account, String region, String arn, Map<String, String> changes, boolean targetGroup) {
        Balancers.Scope scope = balancers.scope(account, region);
        synchronized (scope) {
            if (targetGroup) {
                targetGroup(scope, arn);
            } else {
                loadBalancer(scope, arn);
            }
            Map<String, String> known = targetGroup ? TARGET_GROUP_ATTRIBUTES : LOAD_BALANCER_ATTRIBUTES;
            changes.forEach((key, value) -> {
                if (!known.containsKey(key)) {
                    throw error("InvalidConfigurationRequest", "Attribute key '" + key + "' is not recognized");
                }
                if (key.equals("deregistration_delay.timeout_seconds") || key.equals("idle_timeout.timeout_seconds")) {
                    int seconds = integer(value, -1);
                    int max = key.startsWith("deregistration") ? 3600 : 4000;
                    if (seconds < (key.startsWith("idle") ? 1 : 0) || seconds > max) {
                        throw error("InvalidConfigurationRequest", "The value of '" + key + "' must be between 0 and " + max);
                    }
                }
            });
            if (targetGroup) {
                scope.targetGroups.put(arn, scope.targetGroups.get(arn).withAttributes(changes));
            } else {
                scope.loadBalancers.put(arn, scope.loadBalancers.get(arn).withAttributes(changes));
            }
            balancers.save(account, region);
        }
    }

    Set<String> loadBalancersOf(Balancers.Scope scope, String targetGroupArn) {
        Set<String> arns = new LinkedHashSet<>();
        for (ListenerRecord listener : scope.listeners.values()) {
            if (listener.targetGroupArns().contains(targetGroupArn)) {
                arns.add(listener.loadBalancerArn());
            }
        }
        return arns;
    }

    /** The target groups a load balancer's listeners forward to. */
    static Set<String> targetGroupsOf(Balancers.Scope scope, String loadBalancerArn) {
        Set<String> arns = new LinkedHashSet<>();
        for (ListenerRecord listener : scope.listeners.values()) {
            if (loadBalancerArn.equals(listener.loadBalancerArn())) {
                arns.addAll(listener.targetGroupArns());
            }
        }
        return arns;
    }

    static LoadBalancerRecord loadBalancer(Balancers.Scope scope, String arn) {
        LoadBalancerRecord record = arn == null ? null : scope.loadBalancers.get(arn);
        if (record == null) {
            throw error("LoadBalancerNotFound", "One or more load balancers not found");
        }
        return record;
    }

    static TargetGroupRecord targetGroup(Balancers.Scope scope, String arn) {
        TargetGroupRecord record = arn == null ? null : scope.targetGroups.get(arn);
        if (record == null) {
            throw error("TargetGroupNotFound", "One or more target groups not found");
        }
        return record;
    }

    private static void checkName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw error("ValidationError", "The " + what + " name '" + name + "' must be 1 to 32 letters, digits and hyphens, "
                    + "and cannot start or end with a hyphen");
        }
    }

    static int integer(Object value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return (int) Double.parseDouble(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw error("ValidationError", "'" + value + "' is not a number");
        }
    }

    private String hex(int bytes) {
        byte[] id = new byte[bytes];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    static AwsServiceException error(String code, String message) {
        return AwsServiceException.badRequest(code, message);
    }

    static List<String> list(Object value) {
        List<String> items = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> items.add(String.valueOf(item)));
        }
        return items;
    }
}
