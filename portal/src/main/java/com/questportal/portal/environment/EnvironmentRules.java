package com.questportal.portal.environment;

import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.validation.Errors;

/** The checks of an environment form that span fields or need a list: CIDRs, region, role, size, count, retention. */
@Component
class EnvironmentRules {

    /** What CloudWatch Logs offers as retention, in days. */
    static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
            2192, 2557, 2922, 3288, 3653);
    private static final Pattern CERTIFICATE_ARN = Pattern.compile("arn:aws[a-z-]*:acm:([a-z0-9-]+):\\d{12}:certificate/[A-Za-z0-9-]+");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");

    private final EnvironmentLimits limits;

    EnvironmentRules(EnvironmentLimits limits) {
        this.limits = limits;
    }

    private void checkScaling(EnvironmentForm form, Errors errors) {
        if (form.scalingMin() == null) {
            errors.rejectValue("scalingMin", "scalingMin.required", "Give the fewest tasks auto scaling may run.");
        }
        if (form.scalingMax() == null) {
            errors.rejectValue("scalingMax", "scalingMax.required", "Give the most tasks auto scaling may run.");
        }
        if (form.scalingTarget() == null) {
            errors.rejectValue("scalingTarget", "scalingTarget.required", "Give the requests per task that auto scaling aims at.");
        }
        if ("cpu".equals(form.scalingMetric()) && form.scalingTarget() != null && !errors.hasFieldErrors("scalingTarget")
                && form.scalingTarget() > 100) {
            errors.rejectValue("scalingTarget", "scalingTarget.cpu", "A CPU target is a percentage of the tasks' CPU: 1 to 100.");
        }
        if (form.scalingMax() != null && !errors.hasFieldErrors("scalingMax") && form.scalingMax() > limits.maxDesiredCount()) {
            errors.rejectValue("scalingMax", "scalingMax.limit", "Scale to at most " + limits.maxDesiredCount()
                    + " tasks, this portal's limit.");
        }
        if (errors.hasFieldErrors("scalingMin") || errors.hasFieldErrors("scalingMax")) {
            return;
        }
        if (form.scalingMin() > form.scalingMax()) {
            errors.rejectValue("scalingMax", "scalingMax.order", "The most tasks cannot be fewer than the fewest (" + form.scalingMin() + ").");
        } else if (form.desiredCount() != null && !errors.hasFieldErrors("desiredCount")
                && (form.desiredCount() < form.scalingMin() || form.desiredCount() > form.scalingMax())) {
            errors.rejectValue("desiredCount", "desiredCount.scaling", "With auto scaling on, the tasks to start with are between "
                    + form.scalingMin() + " and " + form.scalingMax() + ".");
        }
    }

    /** The rules of a change to the environment {@code name}: those of a new one, and the name stays. */
    void checkUpdate(String name, EnvironmentForm form, Errors errors) {
        if (!name.equals(form.name())) {
            errors.rejectValue("name", "name.fixed", "An environment's name cannot change: its stack and resources are named after it.");
        }
        check(form, errors);
    }

    void check(EnvironmentForm form, Errors errors) {
        if (!errors.hasFieldErrors("region") && !AwsRegions.ALL.contains(form.region())) {
            errors.rejectValue("region", "region.unknown", "Choose one of the AWS regions in the list.");
        }
        if (!errors.hasFieldErrors("vpcCidr")) {
            Ipv4Cidr.parse(form.vpcCidr()).ifPresentOrElse(vpc -> {
                if (vpc.prefix() < 16 || vpc.prefix() > 24) {
                    errors.rejectValue("vpcCidr", "vpcCidr.size", "A VPC block is /16 to /24: big enough for two public subnets.");
                } else if (!vpc.isPrivate()) {
                    errors.rejectValue("vpcCidr", "vpcCidr.public",
                            "Use a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16) for the VPC.");
                }
            }, () -> errors.rejectValue("vpcCidr", "vpcCidr.malformed", "This is not an IPv4 CIDR block such as 10.0.0.0/16 "
                    + "(four numbers 0–255, a prefix 0–32, no bits set after the prefix)."));
        }
        if (!errors.hasFieldErrors("allowedClientCidr") && Ipv4Cidr.parse(form.allowedClientCidr()).isEmpty()) {
            errors.rejectValue("allowedClientCidr", "allowedClientCidr.malformed",
                    "This is not an IPv4 CIDR block such as 203.0.113.0/24 or 0.0.0.0/0.");
        }
        String role = EnvironmentForm.blankToNull(form.roleArn());
        if (role != null && !errors.hasFieldErrors("roleArn")) {
            if (!ROLE_ARN.matcher(role).matches()) {
                errors.rejectValue("roleArn", "roleArn.malformed", "A role ARN looks like arn:aws:iam::123456789012:role/quest-deployer.");
            } else if (EnvironmentForm.blankToNull(form.accountId()) != null && !role.contains("::" + form.accountId().trim() + ":")) {
                errors.rejectValue("roleArn", "roleArn.account", "The role is in another account than the environment's.");
            }
        }
        if (!errors.hasFieldErrors("taskSize") && form.chosenSize() == null) {
            errors.rejectValue("taskSize", "taskSize.fargate", "Fargate does not run this CPU and memory pair; choose one from the list.");
        }
        if (!errors.hasFieldErrors("desiredCount") && form.desiredCount() > limits.maxDesiredCount()) {
            errors.rejectValue("desiredCount", "desiredCount.cap",
                    "At most " + limits.maxDesiredCount() + " tasks per environment (portal.environments.max-desired-count).");
        }
        String certificate = EnvironmentForm.blankToNull(form.certificateArn());
        if (certificate != null && !errors.hasFieldErrors("certificateArn")) {
            var parts = CERTIFICATE_ARN.matcher(certificate);
            if (!parts.matches()) {
                errors.rejectValue("certificateArn", "certificateArn.malformed",
                        "An ACM certificate ARN looks like arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-….");
            } else if (!parts.group(1).equals(form.region())) {
                errors.rejectValue("certificateArn", "certificateArn.region",
                        "The certificate is in " + parts.group(1) + "; a load balancer in " + form.region() + " needs one from its own region.");
            }
        }
        if (form.scales()) {
            checkScaling(form, errors);
        }
        if (!errors.hasFieldErrors("logRetentionDays") && !RETENTION_DAYS.contains(form.logRetentionDays())) {
            errors.rejectValue("logRetentionDays", "logRetentionDays.offered", "Choose one of the retention periods CloudWatch Logs offers.");
        }
    }
}
