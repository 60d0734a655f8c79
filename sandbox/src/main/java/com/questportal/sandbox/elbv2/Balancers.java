package com.questportal.sandbox.elbv2;

import com.questportal.sandbox.state.JsonValues;
import com.questportal.sandbox.state.ScopeFiles;
import com.questportal.sandbox.state.StateFile;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The load balancers, target groups, listeners and target registrations of each account and
 * region, as immutable records by ARN, in a file per account and region. A record changes by being
 * replaced whole, with the scope's monitor held.
 */
final class Balancers {

    /** One account and region: the four kinds of record by ARN (registrations by target group ARN). */
    static final class Scope {
        final Map<String, LoadBalancerRecord> loadBalancers = new LinkedHashMap<>();
        final Map<String, TargetGroupRecord> targetGroups = new LinkedHashMap<>();
        final Map<String, ListenerRecord> listeners = new LinkedHashMap<>();
        /** By target group ARN, then by {@link TargetRegistration#key()}. */
        final Map<String, Map<String, TargetRegistration>> registrations = new LinkedHashMap<>();

        /** The registrations of a target group, empty for one that is gone. */
        Collection<TargetRegistration> registered(String targetGroupArn) {
            return registrations.getOrDefault(targetGroupArn, Map.of()).values();
        }

        /** Replaces a registration that is still there; false when it was removed meanwhile. */
        boolean replace(String targetGroupArn, TargetRegistration changed) {
            Map<String, TargetRegistration> group = registrations.get(targetGroupArn);
            if (group == null || !group.containsKey(changed.key())) {
                return false;
            }
            group.put(changed.key(), changed);
            return true;
        }
        /** Counts changes, so that the load balancers' request path can see without a lock that its view is current. */
        private volatile long version;

        long version() {
            return version;
        }

        /** Called with the monitor held by whoever changed a record. */
        void changed() {
            version++;
        }
    }

    private final Path directory;
    private final Map<String, Scope> byScope = new ConcurrentHashMap<>();

    Balancers(Path directory) {
        this.directory = directory;
    }

    /** Loads every account and region the data directory has, so that their load balancers serve again after a restart. */
    void loadAll() {
        ScopeFiles.under(directory).forEach(scope -> scope(scope.account(), scope.region()));
    }

    /** Every account and region loaded so far. */
    Collection<Scope> scopes() {
        return byScope.values();
    }

    /** Callers hold the scope's monitor while they read or change it. */
    Scope scope(String account, String region) {
        return byScope.computeIfAbsent(account + "/" + region, key -> load(account, region));
    }

    void save(String account, String region) {
        Scope scope = scope(account, region);
        scope.changed();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("loadBalancers", json(scope.loadBalancers, LoadBalancerRecord::toJson));
        document.put("targetGroups", json(scope.targetGroups, TargetGroupRecord::toJson));
        document.put("listeners", json(scope.listeners, ListenerRecord::toJson));
        Map<String, Object> registrations = new LinkedHashMap<>();
        scope.registrations.forEach((group, targets) -> registrations.put(group, json(targets, TargetRegistration::toJson)));
        document.put("registrations", registrations);
        new StateFile(directory.resolve(account).resolve(region + ".json")).write(JsonValues.write(document));
    }

    @SuppressWarnings("unchecked")
    private Scope load(String account, String region) {
        Scope scope = new Scope();
        new StateFile(directory.resolve(account).resolve(region + ".json")).read().ifPresent(bytes -> {
            Map<String, Object> document = (Map<String, Object>) JsonValues.read(bytes);
            ((Map<String, Map<String, Object>>) document.get("loadBalancers"))
                    .forEach((arn, json) -> scope.loadBalancers.put(arn, LoadBalancerRecord.fromJson(json)));
            ((Map<String, Map<String, Object>>) document.get("targetGroups"))
                    .forEach((arn, json) -> scope.targetGroups.put(arn, TargetGroupRecord.fromJson(json)));
            ((Map<String, Map<String, Object>>) document.get("listeners"))
                    .forEach((arn, json) -> scope.listeners.put(arn, ListenerRecord.fromJson(json)));
            ((Map<String, Map<String, Map<String, Object>>>) document.get("registrations")).forEach((group, targets) -> {
                Map<String, TargetRegistration> registered = new LinkedHashMap<>();
                targets.forEach((key, json) -> registered.put(key, TargetRegistration.fromJson(json)));
                scope.registrations.put(group, registered);
            });
        });
        return scope;
    }

    private static <R> Map<String, Object> json(Map<String, R> records, Function<R, Map<String, Object>> toJson) {
        Map<String, Object> json = new LinkedHashMap<>();
        records.forEach((key, record) -> json.put(key, toJson.apply(record)));
        return json;
    }
}
