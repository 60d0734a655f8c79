package com.questportal.sandbox.cloudformation;

import com.questportal.sandbox.state.JsonValues;
import com.questportal.sandbox.state.ScopeFiles;
import com.questportal.sandbox.state.StateFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Every stack of each account and region, kept in a file per account and region. */
final class StackStore {

    private final Path directory;
    private final Map<String, Map<String, StackState>> byScope = new ConcurrentHashMap<>();

    StackStore(Path directory) {
        this.directory = directory;
    }

    /** The live stack of that name, or the stack of that id (live or deleted), as DescribeStacks looks them up. */
    Optional<StackState> find(String account, String region, String nameOrId) {
        Map<String, StackState> stacks = scope(account, region);
        synchronized (stacks) {
            StackState byId = stacks.get(nameOrId);
            if (byId != null) {
                return Optional.of(byId);
            }
            return stacks.values().stream().filter(stack -> stack.deleted == null && stack.stackName.equals(nameOrId)).findFirst();
        }
    }

    List<StackState> all(String account, String region) {
        Map<String, StackState> stacks = scope(account, region);
        synchronized (stacks) {
            return new ArrayList<>(stacks.values());
        }
    }

    /** A stack with the account and region it lives in. */
    record Located(String account, String region, StackState stack) {
    }

    /** Every stack the data directory holds, in every account and region. */
    List<Located> loadAll() {
        List<Located> found = new ArrayList<>();
        for (ScopeFiles.Scope scope : ScopeFiles.under(directory)) {
            all(scope.account(), scope.region()).forEach(stack -> found.add(new Located(scope.account(), scope.region(), stack)));
        }
        return found;
    }

    void add(String account, String region, StackState stack) {
        Map<String, StackState> stacks = scope(account, region);
        synchronized (stacks) {
            stacks.put(stack.stackId, stack);
        }
        save(account, region);
    }

    void save(String account, String region) {
        Map<String, StackState> stacks = scope(account, region);
        List<Object> documents = new ArrayList<>();
        synchronized (stacks) {
            for (StackState stack : stacks.values()) {
                synchronized (stack) {
                    documents.add(stack.toMap());
                }
            }
            file(account, region).write(JsonValues.write(documents));
        }
    }

    private Map<String, StackState> scope(String account, String region) {
        return byScope.computeIfAbsent(account + "/" + region, key -> load(account, region));
    }

    private StateFile file(String account, String region) {
        return new StateFile(directory.resolve(account).resolve(region + ".json"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, StackState> load(String account, String region) {
        Map<String, StackState> stacks = new LinkedHashMap<>();
        file(account, region).read().ifPresent(bytes -> ((List<Map<String, Object>>) JsonValues.read(bytes)).forEach(document -> {
            StackState stack = StackState.fromMap(document);
            stacks.put(stack.stackId, stack);
        }));
        return stacks;
    }
}
