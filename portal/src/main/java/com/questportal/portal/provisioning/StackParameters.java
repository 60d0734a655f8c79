package com.questportal.portal.provisioning;

import com.questportal.portal.environment.Environment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The quest template's parameters, from an environment's record. The secret word is passed by its SSM parameter's name only. */
final class StackParameters {

    private StackParameters() {
    }

    static Map<String, String> of(Environment environment) {
        Map<String, String> parameters = new LinkedHashMap<>();
        List<String> subnets = environment.subnetCidrs();
        parameters.put("EnvironmentName", environment.getName());
        parameters.put("VpcCidr", environment.getVpcCidr());
        parameters.put("PublicSubnet1Cidr", subnets.get(0));
        parameters.put("PublicSubnet2Cidr", subnets.get(1));
        parameters.put("AllowedClientCidr", environment.getAllowedClientCidr());
        parameters.put("ImageRepositoryName", environment.getImageRepository());
        parameters.put("ImageTag", environment.getImageTag());
        parameters.put("ContainerPort", String.valueOf(environment.getContainerPort()));
        parameters.put("TaskCpu", String.valueOf(environment.getTaskCpu()));
        parameters.put("TaskMemory", String.valueOf(environment.getTaskMemory()));
        parameters.put("DesiredCount", String.valueOf(environment.getDesiredCount()));
        parameters.put("SecretWordParameterName", environment.getSecretWordParameter());
        parameters.put("HealthCheckPath", environment.getHealthCheckPath());
        parameters.put("CertificateArn", environment.getCertificateArn() == null ? "" : environment.getCertificateArn());
        parameters.put("LogRetentionDays", String.valueOf(environment.getLogRetentionDays()));
        boolean scales = environment.getScalingMin() != null;
        parameters.put("EnableAutoScaling", String.valueOf(scales));
        if (scales) {
            parameters.put("AutoScalingMinCapacity", String.valueOf(environment.getScalingMin()));
            parameters.put("AutoScalingMaxCapacity", String.valueOf(environment.getScalingMax()));
            boolean onCpu = "cpu".equals(environment.getScalingMetric());
            parameters.put("AutoScalingMetric", onCpu ? "cpu" : "requests");
            parameters.put(onCpu ? "AutoScalingTargetCpuPercent" : "AutoScalingTargetRequestsPerTarget",
                    String.valueOf(environment.getScalingTarget()));
        }
        return parameters;
    }
}
