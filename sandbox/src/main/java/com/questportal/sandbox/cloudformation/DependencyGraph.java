package com.questportal.sandbox.cloudformation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which resource needs which, from references and DependsOn: the order to create in, and to delete in reverse. */
public final class DependencyGraph {

    private final Map<String, Set<String>> needs;

    private DependencyGraph(Map<String, Set<String>> needs) {
        this.needs = needs;
    }

    public static DependencyGraph of(Template template) {
        Set<String> ids = template.resources().keySet();
        Map<String, Set<String>> needs = new LinkedHashMap<>();
        template.resources().values().forEach(resource -> {
            Set<String> dependencies = new LinkedHashSet<>(References.resourcesIn(resource.properties(), ids));
            dependencies.addAll(resource.dependsOn());
            dependencies.remove(resource.logicalId());
            needs.put(resource.logicalId(), dependencies);
        });
        return new DependencyGraph(needs);
    }

    public Set<String> dependenciesOf(String logicalId) {
        return needs.getOrDefault(logicalId, Set.of());
    }

    /** Every resource after the ones it needs; a cycle is AWS's "Circular dependency between resources". */
    public List<String> creationOrder() {
        List<String> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String id : needs.keySet()) {
            visit(id, done, visiting, order);
        }
        return order;
    }

    public List<String> deletionOrder() {
        List<String> order = new ArrayList<>(creationOrder());
        java.util.Collections.reverse(order);
        return order;
    }

    private void visit(String id, Set<String> done, Set<String> visiting, List<String> order) {
        if (done.contains(id)) {
            return;
        }
        if (!visiting.add(id)) {
            List<String> cycle = new ArrayList<>(visiting.stream().dropWhile(member -> !member.equals(id)).toList());
            cycle.sort(String::compareTo);
            throw Template.formatError("Circular dependency between resources: " + cycle);
        }
        for (String dependency : needs.getOrDefault(id, Set.of())) {
            visit(dependency, done, visiting, order);
        }
        visiting.remove(id);
        done.add(id);
        order.add(id);
    }
}
