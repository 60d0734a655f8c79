package com.questportal.sandbox.elbv2;

import com.questportal.sandbox.cloudformation.ResourceProvider;
import com.questportal.sandbox.protocol.AwsServiceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** ELBv2's CloudFormation resource types, over the same {@link LoadBalancing} as the API. */
final class Elbv2Providers {

    private Elbv2Providers() {
    }

    static List<ResourceProvider> all(LoadBalancing balancing) {
        return List.of(new LoadBalancers(balancing), new TargetGroups(balancing), new Listeners(balancing));
    }

    private static <T> T calling(Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            throw ResourceProvider.ResourceFailure.refused("ElasticLoadBalancingV2", e);
        }
    }

    /** What ELBv2 holds now for the resource, in its template's property names, or GONE once it is deleted: what drift reads. */
    private static <R> Optional<Map<String, Object>> readBack(LoadBalancing balancing, ResourceProvider.Context context,
                                                              ResourceProvider.Provisioned current, Class<R> kind,
                                                              java.util.function.Function<R, Map<String, Object>> properties) {
        return Optional.of(balancing.find(context.accountId(), context.region(), current.physicalId(), kind).map(properties)
                .orElse(ResourceProvider.GONE));
    }

    private static Map<String, String> keyValues(Object list) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (list instanceof List<?> items) {
            for (Object item : items) {
                Map<?, ?> pair = (Map<?, ?>) item;
                pairs.put(String.valueOf(pair.get("Key")), String.valueOf(pair.get("Value")));
            }
        }
        return pairs;
    }

    private static String name(ResourceProvider.Context context, String logicalId, Object given) {
        if (given != null) {
            return String.valueOf(given);
        }
        String generated = (context.stackName() + "-" + logicalId).replaceAll("[^a-zA-Z0-9-]", "-");
        return generated.length() > 26 ? generated.substring(0, 26) : generated;
    }

    private static final class LoadBalancers implements ResourceProvider {
        private final LoadBalancing balancing;

        LoadBalancers(LoadBalancing balancing) {
            this.balancing = balancing;
        }

        @Override
        public String type() {
            return "AWS::ElasticLoadBalancingV2::LoadBalancer";
        }

        @Override
        public Provisioned create(Context context, String logicalId, Map<String, Object> properties) {
            return calling(() -> {
                LoadBalancerRecord record = balancing.createLoadBalancer(context.accountId(), context.region(),
                        name(context, logicalId, properties.get("Name")), LoadBalancing.list(properties.get("Subnets")),
                        LoadBalancing.list(properties.get("SecurityGroups")), (String) properties.get("Scheme"), (String) properties.get("Type"));
                balancing.setAttributes(context.accountId(), context.region(), record.arn(),
                        keyValues(properties.get("LoadBalancerAttributes")), false);
                return provisioned(record);
            });
        }

        @Override
        public Provisioned update(Context context, String logicalId, Provisioned current, Map<String, Object> properties) {
            return calling(() -> {
                balancing.setAttributes(context.accountId(), context.region(), current.physicalId(),
                        keyValues(properties.get("LoadBalancerAttributes")), false);
                return current;
            });
        }

        @Override
        public void delete(Context context, Provisioned current) {
            calling(() -> {
                balancing.deleteLoadBalancer(context.accountId(), context.region(), current.physicalId());
                return null;
            });
        }

        @Override
        public Set<String> replacingProperties() {
            return Set.of("Name", "Scheme", "Type", "Subnets");
        }

        @Override
        public Optional<Map<String, Object>> actualProperties(Context context, Provisioned current) {
            return readBack(balancing, context, current, LoadBalancerRecord.class, record -> {
                Map<String, Object> actual = new LinkedHashMap<>();
                actual.put("Name", record.name());
                actual.put("Scheme", record.scheme());
                actual.put("Type", record.type());
                actual.put("Subnets", List.copyOf(record.zones().keySet()));
                actual.put("SecurityGroups", record.securityGroups());
                return actual;
            });
        }

        private static Provisioned provisioned(LoadBalancerRecord record) {
            return new Provisioned(record.arn(), Map.of("DNSName", record.dnsName(), "LoadBalancerFullName", record.fullName(),
                    "LoadBalancerName", record.name(), "LoadBalancerArn", record.arn(), "CanonicalHostedZoneID", "Z32O12XQLNTSW2"));
        }
    }

    private static final class TargetGroups implements ResourceProvider {
        private final LoadBalancing balancing;

        TargetGroups(LoadBalancing balancing) {
            this.balancing = balancing;
        }

        @Override
        public String type() {
            return "AWS::ElasticLoadBalancingV2::TargetGroup";
        }

        @Override
        public Provisioned create(Context context, String logicalId, Map<String, Object> properties) {
            return calling(() -> {
                TargetGroupRecord record = balancing.createTargetGroup(context.accountId(), context.region(),
                        name(context, logicalId, properties.get("Name")), (String) properties.get("Protocol"),
                        properties.get("Port") == null ? null : LoadBalancing.integer(properties.get("Port"), 0),
                        (String) properties.get("VpcId"), (String) properties.get("TargetType"), healthCheck(properties));
                balancing.setAttributes(context.accountId(), context.region(), record.arn(),
                        keyValues(properties.get("TargetGroupAttributes")), true);
                return new Provisioned(record.arn(), Map.of("TargetGroupFullName", record.fullName(), "TargetGroupName", record.name(),
                        "TargetGroupArn", record.arn()));
            });
        }

        @Override
        public Provisioned update(Context context, String logicalId, Provisioned current, Map<String, Object> properties) {
            return calling(() -> {
                balancing.updateHealthCheck(context.accountId(), context.region(), current.physicalId(), healthCheck(properties));
                balancing.setAttributes(context.accountId(), context.region(), current.physicalId(),
                        keyValues(properties.get("TargetGroupAttributes")), true);
                return current;
            });
        }

        @Override
        public void delete(Context context, Provisioned current) {
            calling(() -> {
                balancing.deleteTargetGroup(context.accountId(), context.region(), current.physicalId());
                return null;
            });
        }

        @Override
        public Set<String> replacingProperties() {
            return Set.of("Name", "Port", "Protocol", "TargetType", "VpcId");
        }

        @Override
        public Optional<Map<String, Object>> actualProperties(Context context, Provisioned current) {
            return readBack(balancing, context, current, TargetGroupRecord.class, record -> {
                Map<String, Object> actual = new LinkedHashMap<>();
                actual.put("Name", record.name());
                actual.put("Protocol", record.protocol());
                actual.put("Port", record.port());
                actual.put("VpcId", record.vpcId());
                actual.put("TargetType", record.targetType());
                actual.put("HealthCheckPath", record.healthCheck().path());
                actual.put("HealthCheckIntervalSeconds", record.healthCheck().intervalSeconds());
                actual.put("HealthCheckTimeoutSeconds", record.healthCheck().timeoutSeconds());
                actual.put("HealthyThresholdCount", record.healthCheck().healthyThreshold());
                actual.put("UnhealthyThresholdCount", record.healthCheck().unhealthyThreshold());
                actual.put("Matcher", Map.of("HttpCode", record.healthCheck().matcher()));
                return actual;
            });
        }

        private static Map<String, Object> healthCheck(Map<String, Object> properties) {
            Map<String, Object> healthCheck = new LinkedHashMap<>();
            for (String key : List.of("HealthCheckPath", "HealthCheckIntervalSeconds", "HealthCheckTimeoutSeconds", "HealthyThresholdCount",
                    "UnhealthyThresholdCount")) {
                if (properties.get(key) != null) {
                    healthCheck.put(key, properties.get(key));
                }
            }
            if (properties.get("Matcher") instanceof Map<?, ?> matcher && matcher.get("HttpCode") != null) {
                healthCheck.put("Matcher", String.valueOf(matcher.get("HttpCode")));
            }
            return healthCheck;
        }
    }

    private static final class Listeners implements ResourceProvider {
        private final LoadBalancing balancing;

        Listeners(LoadBalancing balancing) {
            this.balancing = balancing;
        }

        @Override
        public String type() {
            return "AWS::ElasticLoadBalancingV2::Listener";
        }

        @Override
        public Provisioned create(Context context, String logicalId, Map<String, Object> properties) {
            return calling(() -> {
                ListenerRecord record = balancing.createListener(context.accountId(), context.region(),
                        (String) properties.get("LoadBalancerArn"), (String) properties.get("Protocol"),
                        properties.get("Port") == null ? null : LoadBalancing.integer(properties.get("Port"), 0),
                        certificates(properties), (String) properties.get("SslPolicy"), actions(properties));
                return new Provisioned(record.arn(), Map.of("ListenerArn", record.arn()));
            });
        }

        @Override
        public Provisioned update(Context context, String logicalId, Provisioned current, Map<String, Object> properties) {
            return calling(() -> {
                balancing.updateListener(context.accountId(), context.region(), current.physicalId(), certificates(properties),
                        (String) properties.get("SslPolicy"), actions(properties));
                return current;
            });
        }

        @Override
        public void delete(Context context, Provisioned current) {
            calling(() -> {
                balancing.deleteListener(context.accountId(), context.region(), current.physicalId());
                return null;
            });
        }

        @Override
        public Optional<Map<String, Object>> actualProperties(Context context, Provisioned current) {
            return readBack(balancing, context, current, ListenerRecord.class, record -> {
                Map<String, Object> actual = new LinkedHashMap<>();
                actual.put("LoadBalancerArn", record.loadBalancerArn());
                actual.put("Protocol", record.protocol());
                actual.put("Port", record.port());
                actual.put("SslPolicy", record.sslPolicy());
                return actual;
            });
        }

        @Override
        public Set<String> replacingProperties() {
            return Set.of("LoadBalancerArn", "Port", "Protocol");
        }

        private static List<String> certificates(Map<String, Object> properties) {
            List<String> arns = new ArrayList<>();
            if (properties.get("Certificates") instanceof List<?> certificates) {
                certificates.forEach(certificate -> arns.add(String.valueOf(((Map<?, ?>) certificate).get("CertificateArn"))));
            }
            return arns;
        }

        @SuppressWarnings("unchecked")
        private static List<Map<String, Object>> actions(Map<String, Object> properties) {
            List<Map<String, Object>> actions = new ArrayList<>();
            if (properties.get("DefaultActions") instanceof List<?> list) {
                list.forEach(action -> actions.add(new LinkedHashMap<>((Map<String, Object>) action)));
            }
            return actions;
        }
    }
}
