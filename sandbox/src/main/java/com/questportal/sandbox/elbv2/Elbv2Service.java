package com.questportal.sandbox.elbv2;

import com.questportal.sandbox.cloudformation.ResourceProvider;
import com.questportal.sandbox.ec2.NetworkProviders;
import com.questportal.sandbox.protocol.AwsService;
import com.questportal.sandbox.protocol.CallContext;
import com.questportal.sandbox.protocol.Operation;
import com.questportal.sandbox.protocol.Validation;
import com.questportal.sandbox.runtime.AdminJson;
import com.sun.net.httpserver.HttpHandler;
import com.questportal.sandbox.cloudwatch.MetricStore;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.regex.Pattern;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeRulesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeRulesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteListenerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteLoadBalancerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteTargetGroupResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancerAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancerAttributesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupAttributesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Matcher;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyLoadBalancerAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyLoadBalancerAttributesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupAttributesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RegisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RegisterTargetsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/** ELBv2's API over {@link LoadBalancing}, in the SDK's own types. */
public final class Elbv2Service {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

    private final Balancers balancers;
    private final LoadBalancing balancing;
    private final Clock clock;
    private final HealthChecker healthChecker;
    private final LoadBalancerProxies proxies;
    private final TlsIdentity tls;

    /** @param host the address load balancers listen on: the sandbox endpoint's own */
    public Elbv2Service(Path directory, NetworkProviders network, Clock clock, InetAddress host, MetricStore metrics) {
        this.balancers = new Balancers(directory);
        balancers.loadAll();
        this.tls = new TlsIdentity(directory);
        this.proxies = new LoadBalancerProxies(balancers, host, tls, metrics);
        this.balancing = new LoadBalancing(balancers, network, clock, proxies);
        this.clock = clock;
        this.healthChecker = new HealthChecker(balancers, balancing, clock);
    }

    /**
     * {@code GET /_sandbox/load-balancers}: each load balancer's local address and what it has carried
     * (requests, 5xx answers, and per target its state, open connections and requests), as JSON.
     */
    public HttpHandler trafficReport() {
        return exchange -> {
            try (exchange) {
                AdminJson.send(exchange, 200, Map.of("loadBalancers", proxies.report()));
            }
        };
    }

    /**
     * {@code GET /_sandbox/listener-certificate}: the certificate every HTTPS listener presents, in PEM. It stands in
     * for a public CA's: a client that reaches the sandbox's load balancers over HTTPS trusts this one certificate.
     */
    public HttpHandler listenerCertificate() {
        return exchange -> {
            try (exchange) {
                byte[] pem = tls.certificatePem().getBytes(StandardCharsets.US_ASCII);
                exchange.getResponseHeaders().set("Content-Type", "application/x-pem-file");
                exchange.sendResponseHeaders(200, pem.length);
                exchange.getResponseBody().write(pem);
            }
        };
    }

    /** What a target group has carried so far (a running total of requests) and how many of its targets are healthy now. */
    public record TargetGroupTraffic(long requests, int healthyTargets) {
    }

    /**
     * A target group's traffic, for Application Auto Scaling's {@code ALBRequestCountPerTarget}: the group by its label
     * ({@code targetgroup/<name>/<id>}, as a policy's {@code ResourceLabel} ends); empty when there is no such group.
     */
    public java.util.Optional<TargetGroupTraffic> targetGroupTraffic(String account, String region, String label) {
        String arn = "arn:aws:elasticloadbalancing:" + region + ":" + account + ":" + label;
        Balancers.Scope scope = balancers.scope(account, region);
        int healthy;
        synchronized (scope) {
            if (!scope.targetGroups.containsKey(arn)) {
                return java.util.Optional.empty();
            }
            healthy = Traffic.healthy(scope, arn).size();
        }
        return java.util.Optional.of(new TargetGroupTraffic(proxies.traffic.requestsOf(arn), healthy));
    }

    /** Target registration for the sandbox's ECS, on the same records as the API. */
    public Targets targets() {
        return new Targets(balancing, clock);
    }

    /** Stops health-checking and closes every load balancer's port; called when the sandbox stops. */
    public void stop() {
        healthChecker.close();
        proxies.close();
    }

    /** {@code AWS::ElasticLoadBalancingV2::LoadBalancer}, {@code ::TargetGroup} and {@code ::Listener}. */
    public List<ResourceProvider> providers() {
        return Elbv2Providers.all(balancing);
    }

    public AwsService api() {
        return AwsService.query("elasticloadbalancing", "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/", List.of(
                Operation.of("CreateLoadBalancer", CreateLoadBalancerRequest::builder, this::createLoadBalancer),
                Operation.of("DescribeLoadBalancers", DescribeLoadBalancersRequest::builder, this::describeLoadBalancers),
                Operation.of("DeleteLoadBalancer", DeleteLoadBalancerRequest::builder, this::deleteLoadBalancer),
                Operation.of("DescribeLoadBalancerAttributes", DescribeLoadBalancerAttributesRequest::builder, this::loadBalancerAttributes),
                Operation.of("ModifyLoadBalancerAttributes", ModifyLoadBalancerAttributesRequest::builder, this::modifyLoadBalancerAttributes),
                Operation.of("CreateTargetGroup", CreateTargetGroupRequest::builder, this::createTargetGroup),
                Operation.of("DescribeTargetGroups", DescribeTargetGroupsRequest::builder, this::describeTargetGroups),
                Operation.of("DeleteTargetGroup", DeleteTargetGroupRequest::builder, this::deleteTargetGroup),
                Operation.of("DescribeTargetGroupAttributes", DescribeTargetGroupAttributesRequest::builder, this::targetGroupAttributes),
                Operation.of("ModifyTargetGroupAttributes", ModifyTargetGroupAttributesRequest::builder, this::modifyTargetGroupAttributes),
                Operation.of("CreateListener", CreateListenerRequest::builder, this::createListener),
                Operation.of("DescribeListeners", DescribeListenersRequest::builder, this::describeListeners),
                Operation.of("DeleteListener", DeleteListenerRequest::builder, this::deleteListener),
                Operation.of("DescribeRules", DescribeRulesRequest::builder, this::describeRules),
                Operation.of("RegisterTargets", RegisterTargetsRequest::builder, this::registerTargets),
                Operation.of("DeregisterTargets", DeregisterTargetsRequest::builder, this::deregisterTargets),
                Operation.of("DescribeTargetHealth", DescribeTargetHealthRequest::builder, this::describeTargetHealth)));
    }

    private CreateLoadBalancerResponse createLoadBalancer(CreateLoadBalancerRequest request, CallContext caller) {
        Validation.query().required("name", request.name()).check();
        LoadBalancerRecord record = balancing.createLoadBalancer(caller.accountId(), caller.region(), request.name(), request.subnets(),
                request.securityGroups(), request.schemeAsString(), request.typeAsString());
        return CreateLoadBalancerResponse.builder().loadBalancers(Elbv2Shapes.toLoadBalancer(record)).build();
    }

    private DescribeLoadBalancersResponse describeLoadBalancers(DescribeLoadBalancersRequest request, CallContext caller) {
        Validation.query().range("pageSize", request.pageSize(), 1, 400).check();
        Balancers.Scope scope = balancing.balancers.scope(caller.accountId(), caller.region());
        List<LoadBalancer> all = new ArrayList<>();
        synchronized (scope) {
            if (request.hasLoadBalancerArns()) {
                request.loadBalancerArns().forEach(arn -> all.add(Elbv2Shapes.toLoadBalancer(LoadBalancing.loadBalancer(scope, arn))));
            } else if (request.hasNames()) {
                for (String name : request.names()) {
                    all.add(Elbv2Shapes.toLoadBalancer(scope.loadBalancers.values().stream().filter(lb -> name.equals(lb.name())).findFirst()
                            .orElseThrow(() -> LoadBalancing.error("LoadBalancerNotFound", "Load balancers '[" + name + "]' not found"))));
                }
            } else {
                scope.loadBalancers.values().forEach(lb -> all.add(Elbv2Shapes.toLoadBalancer(lb)));
            }
        }
        Page<LoadBalancer> page = Page.of(all, request.marker(), request.pageSize());
        return DescribeLoadBalancersResponse.builder().loadBalancers(page.items()).nextMarker(page.next()).build();
    }

    private DeleteLoadBalancerResponse deleteLoadBalancer(DeleteLoadBalancerRequest request, CallContext caller) {
        balancing.deleteLoadBalancer(caller.accountId(), caller.region(), request.loadBalancerArn());
        return DeleteLoadBalancerResponse.builder().build();
    }

    private DescribeLoadBalancerAttributesResponse loadBalancerAttributes(DescribeLoadBalancerAttributesRequest request, CallContext caller) {
        return DescribeLoadBalancerAttributesResponse.builder().attributes(attributes(caller, request.loadBalancerArn(), false,
                (key, value) -> LoadBalancerAttribute.builder().key(key).value(value).build())).build();
    }

    private ModifyLoadBalancerAttributesResponse modifyLoadBalancerAttributes(ModifyLoadBalancerAttributesRequest request, CallContext caller) {
        Map<String, String> changes = new LinkedHashMap<>();
        request.attributes().forEach(attribute -> changes.put(attribute.key(), attribute.value()));
        balancing.setAttributes(caller.accountId(), caller.region(), request.loadBalancerArn(), changes, false);
        return ModifyLoadBalancerAttributesResponse.builder().attributes(attributes(caller, request.loadBalancerArn(), false,
                (key, value) -> LoadBalancerAttribute.builder().key(key).value(value).build())).build();
    }

    private CreateTargetGroupResponse createTargetGroup(CreateTargetGroupRequest request, CallContext caller) {
        Validation.query().required("name", request.name()).range("healthCheckIntervalSeconds", request.healthCheckIntervalSeconds(), 5, 300)
                .range("healthyThresholdCount", request.healthyThresholdCount(), 2, 10).check();
        Map<String, Object> healthCheck = new LinkedHashMap<>();
        Elbv2Shapes.putIfPresent(healthCheck, "HealthCheckPath", request.healthCheckPath());
        Elbv2Shapes.putIfPresent(healthCheck, "HealthCheckIntervalSeconds", request.healthCheckIntervalSeconds());
        Elbv2Shapes.putIfPresent(healthCheck, "HealthCheckTimeoutSeconds", request.healthCheckTimeoutSeconds());
        Elbv2Shapes.putIfPresent(healthCheck, "HealthyThresholdCount", request.healthyThresholdCount());
        Elbv2Shapes.putIfPresent(healthCheck, "UnhealthyThresholdCount", request.unhealthyThresholdCount());
        Elbv2Shapes.putIfPresent(healthCheck, "Matcher", request.matcher() == null ? null : request.matcher().httpCode());
        TargetGroupRecord record = balancing.createTargetGroup(caller.accountId(), caller.region(), request.name(),
                request.protocolAsString(), request.port(), request.vpcId(), request.targetTypeAsString(), healthCheck);
        return CreateTargetGroupResponse.builder().targetGroups(Elbv2Shapes.toTargetGroup(record, List.of())).build();
    }

    private DescribeTargetGroupsResponse describeTargetGroups(DescribeTargetGroupsRequest request, CallContext caller) {
        Validation.query().range("pageSize", request.pageSize(), 1, 400).check();
        Balancers.Scope scope = balancing.balancers.scope(caller.accountId(), caller.region());
        List<TargetGroup> all = new ArrayList<>();
        synchronized (scope) {
            if (request.hasTargetGroupArns()) {
                request.targetGroupArns().forEach(arn -> all.add(Elbv2Shapes.toTargetGroup(LoadBalancing.targetGroup(scope, arn),
                        List.copyOf(balancing.loadBalancersOf(scope, arn)))));
            } else {
                if (request.loadBalancerArn() != null) {
                    LoadBalancing.loadBalancer(scope, request.loadBalancerArn());
                }
                scope.targetGroups.values().stream()
                        .filter(tg -> request.loadBalancerArn() == null
                                || balancing.loadBalancersOf(scope, tg.arn()).contains(request.loadBalancerArn()))
                        .filter(tg -> !request.hasNames() || request.names().contains(tg.name()))
                        .forEach(tg -> all.add(Elbv2Shapes.toTargetGroup(tg, List.copyOf(balancing.loadBalancersOf(scope, tg.arn())))));
                if (request.hasNames() && all.size() < request.names().size()) {
                    throw LoadBalancing.error("TargetGroupNotFound", "One or more target groups not found");
                }
            }
        }
        Page<TargetGroup> page = Page.of(all, request.marker(), request.pageSize());
        return DescribeTargetGroupsResponse.builder().targetGroups(page.items()).nextMarker(page.next()).build();
    }

    private DeleteTargetGroupResponse deleteTargetGroup(DeleteTargetGroupRequest request, CallContext caller) {
        balancing.deleteTargetGroup(caller.accountId(), caller.region(), request.targetGroupArn());
        return DeleteTargetGroupResponse.builder().build();
    }

    private DescribeTargetGroupAttributesResponse targetGroupAttributes(DescribeTargetGroupAttributesRequest request, CallContext caller) {
        return DescribeTargetGroupAttributesResponse.builder().attributes(attributes(caller, request.targetGroupArn(), true,
                (key, value) -> TargetGroupAttribute.builder().key(key).value(value).build())).build();
    }

    private ModifyTargetGroupAttributesResponse modifyTargetGroupAttributes(ModifyTargetGroupAttributesRequest request, CallContext caller) {
        Map<String, String> changes = new LinkedHashMap<>();
        request.attributes().forEach(attribute -> changes.put(attribute.key(), attribute.value()));
        balancing.setAttributes(caller.accountId(), caller.region(), request.targetGroupArn(), changes, true);
        return ModifyTargetGroupAttributesResponse.builder().attributes(attributes(caller, request.targetGroupArn(), true,
                (key, value) -> TargetGroupAttribute.builder().key(key).value(value).build())).build();
    }

    private CreateListenerResponse createListener(CreateListenerRequest request, CallContext caller) {
        Validation.query().required("loadBalancerArn", request.loadBalancerArn()).required("port", request.port()).check();
        List<Map<String, Object>> actions = new ArrayList<>();
        request.defaultActions().forEach(action -> actions.add(Elbv2Shapes.actionMap(action)));
        ListenerRecord record = balancing.createListener(caller.accountId(), caller.region(), request.loadBalancerArn(),
                request.protocolAsString(), request.port(), request.certificates().stream().map(Certificate::certificateArn).toList(),
                request.sslPolicy(), actions);
        return CreateListenerResponse.builder().listeners(Elbv2Shapes.toListener(record)).build();
    }

    private DescribeListenersResponse describeListeners(DescribeListenersRequest request, CallContext caller) {
        Validation.query().range("pageSize", request.pageSize(), 1, 400).check();
        Balancers.Scope scope = balancing.balancers.scope(caller.accountId(), caller.region());
        List<Listener> all = new ArrayList<>();
        synchronized (scope) {
            if (request.loadBalancerArn() != null) {
                LoadBalancing.loadBalancer(scope, request.loadBalancerArn());
            }
            if (request.hasListenerArns() && !scope.listeners.keySet().containsAll(request.listenerArns())) {
                throw LoadBalancing.error("ListenerNotFound", "One or more listeners not found");
            }
            scope.listeners.values().stream()
                    .filter(listener -> request.loadBalancerArn() == null || request.loadBalancerArn().equals(listener.loadBalancerArn()))
                    .filter(listener -> !request.hasListenerArns() || request.listenerArns().contains(listener.arn()))
                    .forEach(listener -> all.add(Elbv2Shapes.toListener(listener)));
        }
        Page<Listener> page = Page.of(all, request.marker(), request.pageSize());
        return DescribeListenersResponse.builder().listeners(page.items()).nextMarker(page.next()).build();
    }

    private DeleteListenerResponse deleteListener(DeleteListenerRequest request, CallContext caller) {
        balancing.deleteListener(caller.accountId(), caller.region(), request.listenerArn());
        return DeleteListenerResponse.builder().build();
    }

    private RegisterTargetsResponse registerTargets(RegisterTargetsRequest request, CallContext caller) {
        Validation.query().required("targetGroupArn", request.targetGroupArn()).required("targets", request.hasTargets() ? request.targets() : null).check();
        Balancers.Scope scope = balancing.balancers.scope(caller.accountId(), caller.region());
        synchronized (scope) {
            TargetGroupRecord group = LoadBalancing.targetGroup(scope, request.targetGroupArn());
            Map<String, TargetRegistration> registered = scope.registrations.get(request.targetGroupArn());
            for (TargetDescription target : request.targets()) {
                if ("ip".equals(group.targetType()) && !IPV4.matcher(target.id()).matches()) {
                    throw LoadBalancing.error("InvalidTarget", "The IP address '" + target.id() + "' is not a valid IPv4 address");
                }
                TargetRegistration registration = TargetRegistration.registeredAt(target.id(), portOf(target, group), clock.millis());
                registered.put(registration.key(), registration);
            }
            balancing.balancers.save(caller.accountId(), caller.region());
        }
        return RegisterTargetsResponse.builder().build();
    }

    private DeregisterTargetsResponse deregisterTargets(DeregisterTargetsRequest request, CallContext caller) {
        Balancers.Scope scope = balancing.balancers.scope(caller.accountId(), caller.region());
        synchronized (scope) {
            TargetGroupRecord group = LoadBalancing.targetGroup(scope, request.targetGroupArn());
            Map<String, TargetRegistration> registered = scope.registrations.get(request.targetGroupArn());
            List<TargetRegistration> leaving = new ArrayList<>();
            for (TargetDescription target : request.targets()) {
                TargetRegistration registration = registered.get(TargetRegistration.key(target.id(), portOf(target, group)));
                if (registration == null) {
                    throw LoadBalancing.error("InvalidTarget", "The target '" + target.id() + "' is not registered with this target group");
                }
                leaving.add(registration);
            }
            leaving.forEach(registration -> registered.put(registration.key(), registration.deregisteredAt(clock.millis())));
            balancing.balancers.save(caller.accountId(), caller.region());
        }
        return DeregisterTargetsResponse.builder().build();
    }

    /**
     * What the control plane knows of each target: draining for the deregistration delay after it
     * leaves, unused while no listener sends to its group, otherwise initial until health checks
     * (which the load balancer's data plane runs) say healthy or unhealthy.
     */
    private DescribeTargetHealthResponse describeTargetHealth(DescribeTargetHealthRequest request, CallContext caller) {
        Balancers.Scope scope = balancing.balancers.scope(caller.accountId(), caller.region());
        List<TargetHealthDescription> descriptions = new ArrayList<>();
        synchronized (scope) {
            TargetGroupRecord group = LoadBalancing.targetGroup(scope, request.targetGroupArn());
            long delay = group.deregistrationDelaySeconds() * 1000L;
            boolean inUse = !balancing.loadBalancersOf(scope, request.targetGroupArn()).isEmpty();
            Map<String, TargetRegistration> registered = scope.registrations.get(request.targetGroupArn());
            registered.values().removeIf(r -> r.draining() && r.deregistered() + delay < clock.millis());
            for (TargetRegistration registration : registered.values()) {
                TargetHealth health;
                if (registration.draining()) {
                    health = Elbv2Shapes.health("draining", "Target.DeregistrationInProgress", "Target deregistration is in progress");
                } else if (!inUse) {
                    health = Elbv2Shapes.health("unused", "Target.NotInUse", "Target group is not configured to receive traffic from the load balancer");
                } else if (registration.state() != null) {
                    health = Elbv2Shapes.health(registration.state(), registration.reason(), registration.description());
                } else if ("Elb.InitialHealthChecking".equals(registration.reason())) {
                    health = Elbv2Shapes.health("initial", "Elb.InitialHealthChecking", "Initial health checks in progress");
                } else {
                    health = Elbv2Shapes.health("initial", "Elb.RegistrationInProgress", "Target registration is in progress");
                }
                descriptions.add(TargetHealthDescription.builder()
                        .target(TargetDescription.builder().id(registration.ip()).port(registration.port()).build())
                        .healthCheckPort(String.valueOf(registration.port())).targetHealth(health).build());
            }
        }
        return DescribeTargetHealthResponse.builder().targetHealthDescriptions(descriptions).build();
    }

    private <T> List<T> attributes(CallContext caller, String arn, boolean targetGroup, java.util.function.BiFunction<String, String, T> make) {
        Balancers.Scope scope = balancing.balancers.scope(caller.accountId(), caller.region());
        synchronized (scope) {
            Map<String, String> attributes = targetGroup ? LoadBalancing.targetGroup(scope, arn).attributes()
                    : LoadBalancing.loadBalancer(scope, arn).attributes();
            List<T> made = new ArrayList<>();
            attributes.forEach((key, value) -> made.add(make.apply(key, value)));
            return made;
        }
    }

    /** A target's port: its own, or the group's when it names none. */
    private static int portOf(TargetDescription target, TargetGroupRecord group) {
        return target.port() != null ? target.port() : group.port() == null ? 80 : group.port();
    }

    /**
     * The rules of a listener, or the rules named. The sandbox's listeners have their default rule only,
     * which forwards, redirects or answers as the listener's default actions do.
     */
    private DescribeRulesResponse describeRules(DescribeRulesRequest request, CallContext caller) {
        Validation.query().range("pageSize", request.pageSize(), 1, 400).check();
        if (request.listenerArn() == null && !request.hasRuleArns()) {
            throw LoadBalancing.error("ValidationError", "One of 'ListenerArn' or 'RuleArns' must be specified");
        }
        Balancers.Scope scope = balancing.balancers.scope(caller.accountId(), caller.region());
        List<Rule> all = new ArrayList<>();
        synchronized (scope) {
            if (request.listenerArn() != null) {
                ListenerRecord listener = scope.listeners.get(request.listenerArn());
                if (listener == null) {
                    throw LoadBalancing.error("ListenerNotFound", "One or more listeners not found");
                }
                all.add(Elbv2Shapes.defaultRule(listener));
            }
            if (request.hasRuleArns()) {
                for (String arn : request.ruleArns()) {
                    all.add(scope.listeners.values().stream().map(Elbv2Shapes::defaultRule).filter(rule -> rule.ruleArn().equals(arn))
                            .findFirst().orElseThrow(() -> LoadBalancing.error("RuleNotFound", "One or more rules not found")));
                }
            }
        }
        Page<Rule> page = Page.of(all, request.marker(), request.pageSize());
        return DescribeRulesResponse.builder().rules(page.items()).nextMarker(page.next()).build();
    }
}
