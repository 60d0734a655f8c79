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
 * subnets, associations, security groups and their rules), as records by id, in a file each.
 */
final class NetworkStore {

    private final Path directory;
    private final Map<String, Map<String, Map<String, Object>>> byScope = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    NetworkStore(Path directory) {
        this.directory = directory;
    }

    /** The records of an account and region; callers hold its monitor while they read or change it. */
    Map<String, Map<String, Object>> scope(String account, String region) {
        return byScope.computeIfAbsent(account + "/" + region, key -> load(account, region));
    }

    String newId(String prefix) {
        byte[] bytes = new byte[9];
        random.nextBytes(bytes);
        return prefix + "-" + HexFormat.of().formatHex(bytes).substring(0, 17);
    }

    List<Map<String, Object>> ofKind(Map<String, Map<String, Object>> scope, String kind) {
        List<Map<String, Object>> records = new ArrayList<>();
        scope.values().stream().filter(record -> kind.equals(record.get("kind"))).forEach(records::add);
        return records;
    }

    void save(String account, String region) {
        new StateFile(directory.resolve(account).resolve(region + ".json")).write(JsonValues.write(scope(account, region)));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> load(String account, String region) {
        Map<String, Map<String, Object>> records = new LinkedHashMap<>();
        new StateFile(directory.resolve(account).resolve(region + ".json")).read()
                .ifPresent(bytes -> ((Map<String, Map<String, Object>>) JsonValues.read(bytes)).forEach(records::put));
        return records;
    }
}
