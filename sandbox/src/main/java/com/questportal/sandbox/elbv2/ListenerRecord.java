package com.questportal.sandbox.elbv2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A listener as the sandbox's ELBv2 holds it: immutable, replaced whole when CloudFormation updates it. Its default
 * actions keep AWS's own shape (Type, Order, TargetGroupArn, ForwardConfig, RedirectConfig, FixedResponseConfig), as
 * the API and templates give them, copied so that nobody changes them in place.
 */
record ListenerRecord(String arn, String loadBalancerArn, String protocol, int port, List<String> certificates, String sslPolicy,
                      List<Map<String, Object>> actions) {

    ListenerRecord {
        certificates = List.copyOf(certificates);
        List<Map<String, Object>> copied = new ArrayList<>();
        actions.forEach(action -> copied.add(RecordFields.ordered(action)));
        actions = List.copyOf(copied);
    }

    ListenerRecord with(List<String> newCertificates, String newSslPolicy, List<Map<String, Object>> newActions) {
        return new ListenerRecord(arn, loadBalancerArn, protocol, port, newCertificates, newSslPolicy, newActions);
    }

    /** The target groups its actions forward to. */
    Set<String> targetGroupArns() {
        Set<String> arns = new LinkedHashSet<>();
        actions.stream().filter(action -> action.get("TargetGroupArn") != null).forEach(action -> arns.add(String.valueOf(action.get("TargetGroupArn"))));
        return arns;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("arn", arn);
        json.put("loadBalancerArn", loadBalancerArn);
        json.put("protocol", protocol);
        json.put("port", port);
        json.put("certificates", certificates);
        json.put("sslPolicy", sslPolicy);
        json.put("actions", actions);
        return json;
    }

    @SuppressWarnings("unchecked")
    static ListenerRecord fromJson(Map<String, Object> json) {
        List<Map<String, Object>> actions = json.get("actions") instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
        return new ListenerRecord(RecordFields.text(json, "arn"), RecordFields.text(json, "loadBalancerArn"), RecordFields.text(json, "protocol"),
                RecordFields.integer(json, "port"), RecordFields.texts(json, "certificates"), RecordFields.text(json, "sslPolicy"), actions);
    }
}
