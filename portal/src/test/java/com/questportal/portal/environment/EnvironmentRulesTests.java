package com.questportal.portal.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Errors;

/** The checks that span fields or need a list, one at a time, each with the field it names and its words. */
class EnvironmentRulesTests {

    private final EnvironmentRules rules = new EnvironmentRules(new EnvironmentLimits(10));

    /** The fields a test changes, over a form the rules accept. */
    private record Fields(String region, String vpcCidr, String allowedClientCidr, String accountId, String roleArn, String taskSize,
                          Integer desiredCount, String certificateArn, Boolean autoScaling, Integer scalingMin, Integer scalingMax,
                          Integer scalingTarget, Integer logRetentionDays) {

        static Fields valid() {
            return new Fields("eu-west-1", "10.0.0.0/16", "0.0.0.0/0", "", "", "256/512", 2, "", false, 1, 4, 100, 7);
        }

        EnvironmentForm form(String name) {
            return form(name, "requests");
        }

        EnvironmentForm form(String name, String scalingMetric) {
            return new EnvironmentForm(name, "", "team", region, accountId, roleArn, vpcCidr, allowedClientCidr, 3000, "", "v1", taskSize,
                    desiredCount, "/health", logRetentionDays, certificateArn, autoScaling, scalingMin, scalingMax, scalingTarget,
                    scalingMetric, false, "", null);
        }
    }

    private Errors check(UnaryOperator<Fields> change) {
        EnvironmentForm form = change.apply(Fields.valid()).form("dev");
        Errors errors = new BeanPropertyBindingResult(form, "form");
        rules.check(form, errors);
        return errors;
    }

    private static String only(Errors errors, String field) {
        assertThat(errors.getFieldErrors()).as(errors.toString()).hasSize(1);
        assertThat(errors.getFieldError().getField()).isEqualTo(field);
        return errors.getFieldError().getDefaultMessage();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cpu|1|4|150|scalingTarget|A CPU target is a percentage of the tasks' CPU: 1 to 100.",
            "requests|1|11|100|scalingMax|Scale to at most 10 tasks, this portal's limit.",
            "requests|5|4|100|scalingMax|The most tasks cannot be fewer than the fewest (5)."})
    void scalingOutsideItsBoundsOrAPercentOverAHundredIsRefusedAtItsField(String metric, int min, int max, int target, String field,
                                                                         String message) {
        Fields fields = Fields.valid();
        EnvironmentForm form = new Fields(fields.region(), fields.vpcCidr(), fields.allowedClientCidr(), fields.accountId(),
                fields.roleArn(), fields.taskSize(), Math.min(max, Math.max(min, 2)), "", true, min, max, target, 7).form("dev", metric);
        Errors errors = new BeanPropertyBindingResult(form, "form");
        rules.check(form, errors);
        assertThat(errors.getFieldError(field)).as(errors.toString()).isNotNull();
        assertThat(errors.getFieldError(field).getDefaultMessage()).isEqualTo(message);
    }

    @Test
    void aCpuTargetOfAHundredOrLessPasses() {
        Fields fields = Fields.valid();
        EnvironmentForm form = new Fields(fields.region(), fields.vpcCidr(), fields.allowedClientCidr(), fields.accountId(),
                fields.roleArn(), fields.taskSize(), 2, "", true, 1, 4, 60, 7).form("dev", "cpu");
        Errors errors = new BeanPropertyBindingResult(form, "form");
        rules.check(form, errors);
        assertThat(errors.hasErrors()).as(errors.toString()).isFalse();
    }

    @Test
    void aSoundFormPasses() {
        assertThat(check(f -> f).hasErrors()).isFalse();
    }

    @Test
    void aRegionOutsideTheListIsRefused() {
        assertThat(only(check(f -> new Fields("mars-1", f.vpcCidr(), f.allowedClientCidr(), f.accountId(), f.roleArn(), f.taskSize(),
                f.desiredCount(), f.certificateArn(), f.autoScaling(), f.scalingMin(), f.scalingMax(), f.scalingTarget(),
                f.logRetentionDays())), "region")).isEqualTo("Choose one of the AWS regions in the list.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.0/8|A VPC block is /16 to /24: big enough for two public subnets.",
            "10.0.0.0/25|A VPC block is /16 to /24: big enough for two public subnets.",
            "8.8.0.0/16|Use a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16) for the VPC.",
            "10.0.0.1/16|This is not an IPv4 CIDR block such as 10.0.0.0/16 (four numbers 0–255, a prefix 0–32, no bits set after the prefix).",
            "010.0.0.0/16|This is not an IPv4 CIDR block such as 10.0.0.0/16 (four numbers 0–255, a prefix 0–32, no bits set after the prefix)."})
    void theVpcBlockIsAPrivateSixteenToTwentyFour(String cidr, String message) {
        assertThat(only(check(f -> new Fields(f.region(), cidr, f.allowedClientCidr(), f.accountId(), f.roleArn(), f.taskSize(),
                f.desiredCount(), f.certificateArn(), f.autoScaling(), f.scalingMin(), f.scalingMax(), f.scalingTarget(),
                f.logRetentionDays())), "vpcCidr")).isEqualTo(message);
    }

    @Test
    void theClientBlockMustBeACidr() {
        assertThat(only(check(f -> new Fields(f.region(), f.vpcCidr(), "everyone", f.accountId(), f.roleArn(), f.taskSize(),
                f.desiredCount(), f.certificateArn(), f.autoScaling(), f.scalingMin(), f.scalingMax(), f.scalingTarget(),
                f.logRetentionDays())), "allowedClientCidr")).startsWith("This is not an IPv4 CIDR block");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "|not-an-arn|A role ARN looks like arn:aws:iam::123456789012:role/quest-deployer.",
            "123456789012|arn:aws:iam::210987654321:role/deployer|The role is in another account than the environment's."})
    void theRoleIsAnIamRoleOfTheEnvironmentsAccount(String account, String role, String message) {
        assertThat(only(check(f -> new Fields(f.region(), f.vpcCidr(), f.allowedClientCidr(), account == null ? "" : account, role,
                f.taskSize(), f.desiredCount(), f.certificateArn(), f.autoScaling(), f.scalingMin(), f.scalingMax(), f.scalingTarget(),
                f.logRetentionDays())), "roleArn")).isEqualTo(message);
    }

    @Test
    void aRoleOfTheSameAccountPasses() {
        assertThat(check(f -> new Fields(f.region(), f.vpcCidr(), f.allowedClientCidr(), "123456789012",
                "arn:aws:iam::123456789012:role/deployer", f.taskSize(), f.desiredCount(), f.certificateArn(), f.autoScaling(),
                f.scalingMin(), f.scalingMax(), f.scalingTarget(), f.logRetentionDays())).hasErrors()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"4096/31744", "256/4096", "big", "99999/1"})
    void aSizeFargateDoesNotRunIsRefused(String size) {
        assertThat(only(check(f -> new Fields(f.region(), f.vpcCidr(), f.allowedClientCidr(), f.accountId(), f.roleArn(), size,
                f.desiredCount(), f.certificateArn(), f.autoScaling(), f.scalingMin(), f.scalingMax(), f.scalingTarget(),
                f.logRetentionDays())), "taskSize")).isEqualTo("Fargate does not run this CPU and memory pair; choose one from the list.");
    }

    @Test
    void theDesiredCountStaysUnderTheInstallationsCap() {
        assertThat(only(check(f -> new Fields(f.region(), f.vpcCidr(), f.allowedClientCidr(), f.accountId(), f.roleArn(), f.taskSize(),
                11, f.certificateArn(), f.autoScaling(), f.scalingMin(), f.scalingMax(), f.scalingTarget(), f.logRetentionDays())),
                "desiredCount")).isEqualTo("At most 10 tasks per environment (portal.environments.max-desired-count).");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "arn:aws:acm:us-east-1:123456789012:certificate/abcd-1234|The certificate is in us-east-1; a load balancer in eu-west-1 needs one from its own region.",
            "arn:aws:iam::123456789012:server-certificate/x|An ACM certificate ARN looks like arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-…."})
    void theCertificateIsAnAcmCertificateOfTheRegion(String certificate, String message) {
        assertThat(only(check(f -> new Fields(f.region(), f.vpcCidr(), f.allowedClientCidr(), f.accountId(), f.roleArn(), f.taskSize(),
                f.desiredCount(), certificate, f.autoScaling(), f.scalingMin(), f.scalingMax(), f.scalingTarget(), f.logRetentionDays())),
                "certificateArn")).isEqualTo(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "5|4|2|scalingMax|The most tasks cannot be fewer than the fewest (5).",
            "3|6|2|desiredCount|With auto scaling on, the tasks to start with are between 3 and 6.",
            "|4|2|scalingMin|Give the fewest tasks auto scaling may run."})
    void withAutoScalingTheBoundsAreInOrderAndHoldTheDesiredCount(Integer min, Integer max, Integer desired, String field, String message) {
        assertThat(only(check(f -> new Fields(f.region(), f.vpcCidr(), f.allowedClientCidr(), f.accountId(), f.roleArn(), f.taskSize(),
                desired, f.certificateArn(), true, min, max, f.scalingTarget(), f.logRetentionDays())), field)).isEqualTo(message);
    }

    @Test
    void withoutAutoScalingItsBoundsAreNotChecked() {
        assertThat(check(f -> new Fields(f.region(), f.vpcCidr(), f.allowedClientCidr(), f.accountId(), f.roleArn(), f.taskSize(),
                f.desiredCount(), f.certificateArn(), false, 9, 1, null, f.logRetentionDays())).hasErrors()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"2", "0", "4000"})
    void theRetentionIsOneCloudWatchOffers(int days) {
        assertThat(only(check(f -> new Fields(f.region(), f.vpcCidr(), f.allowedClientCidr(), f.accountId(), f.roleArn(), f.taskSize(),
                f.desiredCount(), f.certificateArn(), f.autoScaling(), f.scalingMin(), f.scalingMax(), f.scalingTarget(), days)),
                "logRetentionDays")).isEqualTo("Choose one of the retention periods CloudWatch Logs offers.");
    }

    @Test
    void aChangeCannotRenameTheEnvironment() {
        EnvironmentForm form = Fields.valid().form("renamed");
        Errors errors = new BeanPropertyBindingResult(form, "form");
        rules.checkUpdate("dev", form, errors);
        assertThat(only(errors, "name")).isEqualTo("An environment's name cannot change: its stack and resources are named after it.");
    }
}
