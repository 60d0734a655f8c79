package com.questportal.sandbox.elbv2;

import com.questportal.sandbox.state.JsonValues;
import com.questportal.sandbox.state.ScopeFiles;
import com.questportal.sandbox.state.StateFile;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The load balancers, target groups, listeners and target registrations of each account and
 * region, as records by ARN, in a file per account and region.
 */
final class Balancers {

    /** One account and region: the four kinds of record by ARN (registrations by target group ARN). */
    static final class Scope {
        final Map<String, Map<String, Object>> loadBalancers = new LinkedHashMap<>();
        final Map<String, Map<String, Object>> targetGroups = new LinkedHashMap<>();
        final Map<String, Map<String, Object>> listeners = new LinkedHashMap<>();
        final Map<String, Map<String, Map<String, Object>>> registrations = new LinkedHashMap<>();
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
        document.put("loadBalancers", scope.loadBalancers);
        document.put("targetGroups", scope.targetGroups);
        document.put("listeners", scope.listeners);
        document.put("registrations", scope.registrations);
        new StateFile(directory.resolve(account).resolve(region + ".json")).write(JsonValues.write(document));
    }

    @SuppressWarnings("unchecked")
    private Scope load(String account, String region) {
        Scope scope = new Scope();
        new StateFile(directory.resolve(account).resolve(region + ".json")).read().ifPresent(bytes -> {
            Map<String, Object> document = (Map<String, Object>) JsonValues.read(bytes);
            scope.loadBalancers.putAll((Map<String, Map<String, Object>>) document.get("loadBalancers"));
            scope.targetGroups.putAll((Map<String, Map<String, Object>>) document.get("targetGroups"));
            scope.listeners.putAll((Map<String, Map<String, Object>>) document.get("listeners"));
            scope.registrations.putAll((Map<String, Map<String, Map<String, Object>>>) document.get("registrations"));
        });
        return scope;
    }
}
