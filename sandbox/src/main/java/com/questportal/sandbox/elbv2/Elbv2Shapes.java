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

    @SuppressWarnings("unchecked")
    static LoadBalancer toLoadBalancer(Map<String, Object> record) {
        List<AvailabilityZone> zones = new ArrayList<>();
        ((Map<String, String>) record.get("zones")).forEach((subnet, zone) -> zones.add(AvailabilityZone.builder().subnetId(subnet).zoneName(zone).build()));
        return LoadBalancer.builder().loadBalancerArn((String) record.get("arn")).loadBalancerName((String) record.get("name"))
                .dnsName((String) record.get("dnsName")).canonicalHostedZoneId("Z32O12XQLNTSW2").scheme((String) record.get("scheme"))
                .type((String) record.get("type")).vpcId((String) record.get("vpcId")).state(LoadBalancerState.builder().code("active").build())
                .createdTime(Instant.ofEpochMilli(((Number) record.get("created")).longValue())).availabilityZones(zones)
                .securityGroups((List<String>) record.get("securityGroups")).ipAddressType("ipv4").build();
    }

    static TargetGroup toTargetGroup(Map<String, Object> record, List<String> loadBalancers) {
        return TargetGroup.builder().targetGroupArn((String) record.get("arn")).targetGroupName((String) record.get("name"))
                .protocol((String) record.get("protocol")).port(record.get("port") == null ? null : ((Number) record.get("port")).intValue())
                .vpcId((String) record.get("vpcId")).targetType((String) record.get("targetType")).healthCheckEnabled(true)
                .healthCheckProtocol((String) record.get("protocol")).healthCheckPort("traffic-port")
                .healthCheckPath((String) record.get("healthCheckPath"))
                .healthCheckIntervalSeconds(((Number) record.get("healthCheckInterval")).intValue())
                .healthCheckTimeoutSeconds(((Number) record.get("healthCheckTimeout")).intValue())
                .healthyThresholdCount(((Number) record.get("healthyThreshold")).intValue())
                .unhealthyThresholdCount(((Number) record.get("unhealthyThreshold")).intValue())
                .matcher(Matcher.builder().httpCode((String) record.get("matcher")).build()).loadBalancerArns(loadBalancers).build();
    }

    static Rule defaultRule(Map<String, Object> listener) {
        String listenerArn = (String) listener.get("arn");
        String ruleId = String.format("%016x", listenerArn.hashCode() & 0xffffffffL);
        return Rule.builder().ruleArn(listenerArn.replace(":listener/", ":listener-rule/") + "/" + ruleId).priority("default")
                .conditions(List.of()).actions(actions(listener)).isDefault(true).build();
    }

    @SuppressWarnings("unchecked")
    static Listener toListener(Map<String, Object> record) {
        return Listener.builder().listenerArn((String) record.get("arn")).loadBalancerArn((String) record.get("loadBalancerArn"))
                .protocol((String) record.get("protocol")).port(((Number) record.get("port")).intValue())
                .sslPolicy((String) record.get("sslPolicy"))
                .certificates(((List<String>) record.get("certificates")).stream().map(arn -> Certificate.builder().certificateArn(arn).build()).toList())
                .defaultActions(actions(record)).build();
    }

    @SuppressWarnings("unchecked")
    static List<Action> actions(Map<String, Object> record) {
        List<Action> actions = new ArrayList<>();
        for (Map<String, Object> action : (List<Map<String, Object>>) record.get("actions")) {
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
