package com.questportal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;

/** EC2's Describe calls, through the real SDK, over the network the real quest template makes. */
class NetworkDescribeTests {

    @TempDir
    Path dataDir;
    SandboxFixture fixture;
    Ec2Client ec2;
    Vpc vpc;

    @BeforeEach
    void start() throws IOException {
        fixture = SandboxFixture.start(dataDir);
        ec2 = fixture.ec2();
        QuestNetworkStackTests.deployNetwork(fixture);
        vpc = ec2.describeVpcs(r -> r.filters(filter("tag:Name", "dev-quest_vpc"))).vpcs().get(0);
    }

    @AfterEach
    void stop() {
        ec2.close();
        fixture.close();
    }

    @Test
    void theVpcItsSubnetsGatewayAndRoutesAreDescribedAsStacksMadeThem() {
        assertThat(vpc.cidrBlock()).isEqualTo("10.0.0.0/16");
        assertThat(vpc.stateAsString()).isEqualTo("available");

        assertThat(ec2.describeSubnets(r -> r.filters(filter("vpc-id", vpc.vpcId()))).subnets())
                .extracting(Subnet::cidrBlock, Subnet::availabilityZone, Subnet::availableIpAddressCount)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("10.0.1.0/24", "eu-west-1a", 251),
                        org.assertj.core.groups.Tuple.tuple("10.0.2.0/24", "eu-west-1b", 251));
        assertThat(ec2.describeInternetGateways(r -> r.filters(filter("attachment.vpc-id", vpc.vpcId()))).internetGateways())
                .singleElement().satisfies(gateway -> assertThat(gateway.attachments().get(0).vpcId()).isEqualTo(vpc.vpcId()));
        assertThat(ec2.describeRouteTables(r -> r.filters(filter("vpc-id", vpc.vpcId()))).routeTables()).singleElement()
                .satisfies(table -> {
                    assertThat(table.routes()).extracting(route -> route.destinationCidrBlock() + " " + route.gatewayId().substring(0, 3))
                            .containsExactly("10.0.0.0/16 loc", "0.0.0.0/0 igw");
                    assertThat(table.associations()).hasSize(2);
                });
    }

    @Test
    void theTasksSecurityGroupAdmitsOnlyTheLoadBalancersGroup() {
        SecurityGroup alb = group("dev-alb_sg");
        SecurityGroup ecs = group("dev-ecs_sg");

        assertThat(ecs.ipPermissions()).singleElement().satisfies(rule -> {
            assertThat(rule.fromPort()).isEqualTo(3000);
            assertThat(rule.ipRanges()).isEmpty();
            assertThat(rule.userIdGroupPairs()).singleElement().satisfies(pair -> assertThat(pair.groupId()).isEqualTo(alb.groupId()));
        });
        assertThat(alb.ipPermissions()).extracting(IpPermission::fromPort).containsExactly(80, 443);
        assertThat(alb.ipPermissionsEgress()).anySatisfy(rule -> assertThat(rule.userIdGroupPairs()).singleElement()
                .satisfies(pair -> assertThat(pair.groupId()).isEqualTo(ecs.groupId())));
    }

    @Test
    void unknownIdsFiltersAndPageSizesGetEc2sErrors() {
        assertThatExceptionOfType(Ec2Exception.class).isThrownBy(() -> ec2.describeVpcs(r -> r.vpcIds("vpc-00000000000000000")))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidVpcID.NotFound"))
                .withMessageContaining("The vpc ID 'vpc-00000000000000000' does not exist");
        assertThatExceptionOfType(Ec2Exception.class).isThrownBy(() -> ec2.describeSubnets(r -> r.filters(filter("colour", "red"))))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
        assertThatExceptionOfType(Ec2Exception.class).isThrownBy(() -> ec2.describeVpcs(r -> r.maxResults(2)))
                .withMessageContaining("Member must have value greater than or equal to 5");
    }

    private SecurityGroup group(String name) {
        return ec2.describeSecurityGroups(r -> r.filters(filter("group-name", name))).securityGroups().get(0);
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }

}
