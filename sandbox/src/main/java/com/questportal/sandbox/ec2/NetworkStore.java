package com.questportal.sandbox.ec2;

import com.questportal.sandbox.state.JsonValues;
import com.questportal.sandbox.state.StateFile;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network resources of each account and region (VPCs, gateways, route tables, routes,
 * subnets, associations, security groups and their rules), as immutable records by id, in a file each.
 */
final class NetworkStore {

    private final Path directory;
    private final Map<String, Map<String, NetworkResource>> byScope = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    NetworkStore(Path directory) {
        this.directory = directory;
    }

    /** The resources of an account and region by id; callers hold its monitor while they read or change it. */
    Map<String, NetworkResource> scope(String account, String region) {
        return byScope.computeIfAbsent(account + "/" + region, key -> load(account, region));
    }

    String newId(String prefix) {
        byte[] bytes = new byte[9];
        random.nextBytes(bytes);
        return prefix + "-" + HexFormat.of().formatHex(bytes).substring(0, 17);
    }

    List<NetworkResource> ofKind(Map<String, NetworkResource> scope, String kind) {
        List<NetworkResource> resources = new ArrayList<>();
        scope.values().stream().filter(resource -> resource.is(kind)).forEach(resources::add);
        return resources;
    }

    void save(String account, String region) {
        Map<String, Object> document = new LinkedHashMap<>();
        scope(account, region).forEach((id, resource) -> document.put(id, resource.toJson()));
        new StateFile(directory.resolve(account).resolve(region + ".json")).write(JsonValues.write(document));
    }

    @SuppressWarnings("unchecked")
    private Map<String, NetworkResource> load(String account, String region) {
        Map<String, NetworkResource> resources = new LinkedHashMap<>();
        new StateFile(directory.resolve(account).resolve(region + ".json")).read().ifPresent(bytes ->
                ((Map<String, Map<String, Object>>) JsonValues.read(bytes)).forEach((id, json) -> resources.put(id, NetworkResource.fromJson(json))));
        return resources;
    }
}
