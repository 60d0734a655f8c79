package com.questportal.sandbox.ec2;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One EC2 network resource as the sandbox holds it (a VPC, gateway, attachment, route table, route, subnet,
 * association, security group or rule): immutable, replaced whole when CloudFormation updates it. {@code kind}
 * is its id prefix ({@code vpc}, {@code subnet}, {@code sg}...); {@code attributes} are what it answers to
 * Fn::GetAtt and how it names the resources it belongs to; {@code properties} are its template's, as last set.
 */
public record NetworkResource(String id, String kind, String type, Map<String, String> attributes, Map<String, Object> properties) {

    public NetworkResource {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public boolean is(String wanted) {
        return kind.equals(wanted);
    }

    public String vpcId() {
        return kind.equals("vpc") ? id : attributes.get("VpcId");
    }

    public String cidrBlock() {
        return attributes.get("CidrBlock");
    }

    public String availabilityZone() {
        return attributes.get("AvailabilityZone");
    }

    public String groupName() {
        return attributes.get("GroupName");
    }

    String attribute(String name) {
        return attributes.get(name);
    }

    /** Whether it names {@code other} among its attributes: a subnet its VPC, a route its table and gateway. */
    boolean refersTo(String other) {
        return attributes.containsValue(other);
    }

    NetworkResource withProperties(Map<String, Object> changed) {
        return new NetworkResource(id, kind, type, attributes, changed);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>(attributes);
        json.put("id", id);
        json.put("kind", kind);
        json.put("type", type);
        json.put("properties", properties);
        return json;
    }

    @SuppressWarnings("unchecked")
    static NetworkResource fromJson(Map<String, Object> json) {
        Map<String, String> attributes = new LinkedHashMap<>();
        json.forEach((key, value) -> {
            if (!key.equals("id") && !key.equals("kind") && !key.equals("type") && !key.equals("properties")) {
                attributes.put(key, String.valueOf(value));
            }
        });
        Object properties = json.get("properties");
        return new NetworkResource(String.valueOf(json.get("id")), String.valueOf(json.get("kind")), String.valueOf(json.get("type")),
                attributes, properties instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of());
    }
}
