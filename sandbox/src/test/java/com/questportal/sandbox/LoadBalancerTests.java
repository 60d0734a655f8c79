package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CertificateNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateLoadBalancerNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidConfigurationRequestException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ResourceInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/** ELBv2 through the real SDK, on the load balancer the real quest template makes. */
class LoadBalancerTests {

    @TempDir
    Path dataDir;
    SandboxFixture fixture;
    ElasticLoadBalancingV2Client elb;
    LoadBalancer alb;
    TargetGroup targets;

    @BeforeEach
    void start() throws IOException {
        fixture = SandboxFixture.start(dataDir);
        elb = fixture.elbv2();
        QuestNetworkStackTests.deployNetwork(fixture);
        alb = elb.describeLoadBalancers(r -> r.names("dev-quest-alb")).loadBalancers().get(0);
        targets = elb.describeTargetGroups(r -> r.loadBalancerArn(alb.loadBalancerArn())).targetGroups().get(0);
    }

    @AfterEach
    void stop() {
        elb.close();
        fixture.close();
    }

    @Test
    void theTemplatesLoadBalancerSpansTwoZonesAndForwardsToItsTunedTargetGroup() {
        assertThat(alb.schemeAsString()).isEqualTo("internet-facing");
        assertThat(alb.availabilityZones()).extracting(zone -> zone.zoneName()).containsExactly("eu-west-1a", "eu-west-1b");
        assertThat(alb.state().codeAsString()).isEqualTo("active");
        assertThat(targets.targetGroupName()).isEqualTo("dev-quest-tg");
        assertThat(targets.targetTypeAsString()).isEqualTo("ip");
        assertThat(targets.port()).isEqualTo(3000);
        assertThat(targets.healthCheckPath()).isEqualTo("/health");
        assertThat(targets.healthCheckIntervalSeconds()).isEqualTo(5);
        assertThat(targets.healthyThresholdCount()).isEqualTo(2);
        assertThat(elb.describeTargetGroupAttributes(r -> r.targetGroupArn(targets.targetGroupArn())).attributes())
                .anySatisfy(attribute -> assertThat(attribute.key() + "=" + attribute.value()).isEqualTo("deregistration_delay.timeout_seconds=10"));
        assertThat(elb.describeListeners(r -> r.loadBalancerArn(alb.loadBalancerArn())).listeners()).singleElement().satisfies(listener -> {
            assertThat(listener.port()).isEqualTo(80);
            assertThat(listener.defaultActions().get(0).type()).isEqualTo(ActionTypeEnum.FORWARD);
            assertThat(listener.defaultActions().get(0).targetGroupArn()).isEqualTo(targets.targetGroupArn());
        });
    }

    @Test
    void registeredTargetsAreInitialUntilCheckedAndDrainAfterDeregistration() {
        elb.registerTargets(r -> r.targetGroupArn(targets.targetGroupArn()).targets(t -> t.id("127.0.0.2"), t -> t.id("127.0.0.3")));
        elb.deregisterTargets(r -> r.targetGroupArn(targets.targetGroupArn()).targets(t -> t.id("127.0.0.3")));

        List<TargetHealthDescription> health = elb.describeTargetHealth(r -> r.targetGroupArn(targets.targetGroupArn())).targetHealthDescriptions();

        assertThat(health).extracting(target -> target.target().id() + ":" + target.target().port() + " " + target.targetHealth().stateAsString()
                + " " + target.targetHealth().reasonAsString())
                .satisfiesExactly(
                        // The health checker may already have made its first check: both are ELBv2's reasons for a new target.
                        registered -> assertThat(registered).matches("127\\.0\\.0\\.2:3000 initial Elb\\.(RegistrationInProgress|InitialHealthChecking)"),
                        draining -> assertThat(draining).isEqualTo("127.0.0.3:3000 draining Target.DeregistrationInProgress"));
    }

    @Test
    void aTargetGroupNoListenerUsesHasUnusedTargets() {
        String lonely = elb.createTargetGroup(r -> r.name("lonely").protocol("HTTP").port(8080).vpcId(alb.vpcId()).targetType("ip"))
                .targetGroups().get(0).targetGroupArn();
        elb.registerTargets(r -> r.targetGroupArn(lonely).targets(t -> t.id("127.0.0.9")));

        assertThat(elb.describeTargetHealth(r -> r.targetGroupArn(lonely)).targetHealthDescriptions()).singleElement()
                .satisfies(target -> assertThat(target.targetHealth().reasonAsString()).isEqualTo("Target.NotInUse"));
    }

    @Test
    void badRequestsGetElbv2sErrors() {
        assertThatExceptionOfType(DuplicateLoadBalancerNameException.class).isThrownBy(() -> elb.createLoadBalancer(r -> r
                .name("dev-quest-alb").subnets(alb.availabilityZones().stream().map(zone -> zone.subnetId()).toList())));
        assertThatExceptionOfType(ElasticLoadBalancingV2Exception.class).isThrownBy(() -> elb.createLoadBalancer(r -> r
                        .name("one-zone").subnets(alb.availabilityZones().get(0).subnetId())))
                .withMessageContaining("At least two subnets in two different Availability Zones must be specified");
        assertThatExceptionOfType(CertificateNotFoundException.class).isThrownBy(() -> elb.createListener(r -> r
                .loadBalancerArn(alb.loadBalancerArn()).protocol("HTTPS").port(443)
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(targets.targetGroupArn()))));
        assertThatExceptionOfType(ResourceInUseException.class).isThrownBy(() -> elb.deleteTargetGroup(r -> r
                .targetGroupArn(targets.targetGroupArn())));
        assertThatExceptionOfType(ElasticLoadBalancingV2Exception.class).isThrownBy(() -> elb.describeLoadBalancers(r -> r.pageSize(401)))
                .withMessageContaining("Member must have value less than or equal to 400");
        assertThat(elb.describeLoadBalancers().loadBalancers()).hasSize(1);
    }

    @Test
    void aDeletedListenerIsGoneAndItsTargetGroupCanThenBeDeleted() {
        String listener = elb.describeListeners(r -> r.loadBalancerArn(alb.loadBalancerArn())).listeners().get(0).listenerArn();

        elb.deleteListener(r -> r.listenerArn(listener));

        assertThat(elb.describeListeners(r -> r.loadBalancerArn(alb.loadBalancerArn())).listeners()).isEmpty();
        assertThatExceptionOfType(ListenerNotFoundException.class).isThrownBy(() -> elb.deleteListener(r -> r.listenerArn(listener)));
        assertThatExceptionOfType(ListenerNotFoundException.class).isThrownBy(() -> elb.describeListeners(r -> r.listenerArns(listener)));
        elb.deleteTargetGroup(r -> r.targetGroupArn(targets.targetGroupArn()));
        assertThat(elb.describeTargetGroups(r -> r.loadBalancerArn(alb.loadBalancerArn())).targetGroups()).isEmpty();
    }

    @Test
    void attributesAreReadAndChangedOnlyWhereElbv2KnowsThem() {
        elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(alb.loadBalancerArn())
                .attributes(a -> a.key("idle_timeout.timeout_seconds").value("120")));
        elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(targets.targetGroupArn())
                .attributes(a -> a.key("deregistration_delay.timeout_seconds").value("30")));

        assertThat(elb.describeLoadBalancerAttributes(r -> r.loadBalancerArn(alb.loadBalancerArn())).attributes())
                .anySatisfy(attribute -> assertThat(attribute.key() + "=" + attribute.value()).isEqualTo("idle_timeout.timeout_seconds=120"));
        assertThat(elb.describeTargetGroupAttributes(r -> r.targetGroupArn(targets.targetGroupArn())).attributes())
                .anySatisfy(attribute -> assertThat(attribute.key() + "=" + attribute.value()).isEqualTo("deregistration_delay.timeout_seconds=30"));
        assertThatExceptionOfType(InvalidConfigurationRequestException.class).isThrownBy(() -> elb.modifyTargetGroupAttributes(r -> r
                .targetGroupArn(targets.targetGroupArn()).attributes(a -> a.key("no_such.attribute").value("1"))));
        assertThatExceptionOfType(LoadBalancerNotFoundException.class).isThrownBy(() -> elb.describeLoadBalancerAttributes(r -> r
                .loadBalancerArn(alb.loadBalancerArn().replace("dev-quest-alb", "ghost"))));
    }

    @Test
    void aDeletedLoadBalancerTakesItsListenersWithIt() {
        elb.deleteLoadBalancer(r -> r.loadBalancerArn(alb.loadBalancerArn()));

        assertThat(elb.describeLoadBalancers().loadBalancers()).isEmpty();
        assertThatExceptionOfType(ListenerNotFoundException.class).isThrownBy(() -> elb.describeListeners(r -> r
                .listenerArns(alb.loadBalancerArn().replace(":loadbalancer/", ":listener/") + "/0000000000000000")));
        elb.deleteTargetGroup(r -> r.targetGroupArn(targets.targetGroupArn()));
    }
}
