package com.questportal.sandbox.elbv2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerState;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Matcher;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;

/** ELBv2's answer shapes made from the sandbox's records: load balancers, target groups, listeners, rules, actions, health. */
final class Elbv2Shapes {

    private Elbv2Shapes() {
    }

    static TargetHealth health(String state, String reason, String description) {
        return TargetHealth.builder().state(state).reason(reason).description(description).build();
    }

    static LoadBalancer toLoadBalancer(LoadBalancerRecord record) {
        List<AvailabilityZone> zones = new ArrayList<>();
        record.zones().forEach((subnet, zone) -> zones.add(AvailabilityZone.builder().subnetId(subnet).zoneName(zone).build()));
        return LoadBalancer.builder().loadBalancerArn(record.arn()).loadBalancerName(record.name()).dnsName(record.dnsName())
                .canonicalHostedZoneId("Z32O12XQLNTSW2").scheme(record.scheme()).type(record.type()).vpcId(record.vpcId())
                .state(LoadBalancerState.builder().code("active").build()).createdTime(Instant.ofEpochMilli(record.created()))
                .availabilityZones(zones).securityGroups(record.securityGroups()).ipAddressType("ipv4").build();
    }

    static TargetGroup toTargetGroup(TargetGroupRecord record, List<String> loadBalancers) {
        TargetGroupRecord.HealthCheck check = record.healthCheck();
        return TargetGroup.builder().targetGroupArn(record.arn()).targetGroupName(record.name()).protocol(record.protocol()).port(record.port())
                .vpcId(record.vpcId()).targetType(record.targetType()).healthCheckEnabled(true).healthCheckProtocol(record.protocol())
                .healthCheckPort("traffic-port").healthCheckPath(check.path()).healthCheckIntervalSeconds(check.intervalSeconds())
                .healthCheckTimeoutSeconds(check.timeoutSeconds()).healthyThresholdCount(check.healthyThreshold())
                .unhealthyThresholdCount(check.unhealthyThreshold()).matcher(Matcher.builder().httpCode(check.matcher()).build())
                .loadBalancerArns(loadBalancers).build();
    }

    static Rule defaultRule(ListenerRecord listener) {
        String ruleId = String.format("%016x", listener.arn().hashCode() & 0xffffffffL);
        return Rule.builder().ruleArn(listener.arn().replace(":listener/", ":listener-rule/") + "/" + ruleId).priority("default")
                .conditions(List.of()).actions(actions(listener)).isDefault(true).build();
    }

    static Listener toListener(ListenerRecord record) {
        return Listener.builder().listenerArn(record.arn()).loadBalancerArn(record.loadBalancerArn()).protocol(record.protocol())
                .port(record.port()).sslPolicy(record.sslPolicy())
                .certificates(record.certificates().stream().map(arn -> Certificate.builder().certificateArn(arn).build()).toList())
                .defaultActions(actions(record)).build();
    }

    static List<Action> actions(ListenerRecord record) {
        List<Action> actions = new ArrayList<>();
        for (Map<String, Object> action : record.actions()) {
            Action.Builder builder = Action.builder().type(String.valueOf(action.get("Type"))).targetGroupArn((String) action.get("TargetGroupArn"));
            if (action.get("RedirectConfig") instanceof Map<?, ?> redirect) {
                builder.redirectConfig(RedirectActionConfig.builder().protocol((String) redirect.get("Protocol"))
                        .port(redirect.get("Port") == null ? null : String.valueOf(redirect.get("Port")))
                        .statusCode((String) redirect.get("StatusCode")).build());
            }
            actions.add(builder.build());
        }
        return actions;
    }

    static Map<String, Object> actionMap(Action action) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("Type", action.typeAsString());
        putIfPresent(map, "TargetGroupArn", action.targetGroupArn());
        if (action.redirectConfig() != null) {
            Map<String, Object> redirect = new LinkedHashMap<>();
            putIfPresent(redirect, "Protocol", action.redirectConfig().protocol());
            putIfPresent(redirect, "Port", action.redirectConfig().port());
            putIfPresent(redirect, "StatusCode", action.redirectConfig().statusCodeAsString());
            map.put("RedirectConfig", redirect);
        }
        return map;
    }

    static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
