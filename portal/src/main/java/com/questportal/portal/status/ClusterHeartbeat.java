package com.questportal.portal.status;

import com.questportal.portal.aws.AwsClients;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.Cluster;

/**
 * The poller's cheap look at every cluster of one account and region: DescribeClusters, a hundred clusters a call, gives
 * each cluster's running and pending task counts. A cluster whose counts did not move since the last look (and whose
 * targets did not either) has a service that did not change: its last snapshot is confirmed instead of read again. Each
 * environment's stack has its own cluster, and DescribeServices reads one cluster a call, so this is what keeps a round's
 * calls near one per target group rather than two per environment.
 */
final class ClusterHeartbeat {

    /** The most clusters DescribeClusters takes in one call. */
    static final int BATCH = 100;

    /** What DescribeClusters says of one cluster; compared look to look. */
    record Counts(String status, int running, int pending, int services) {
    }

    private final AwsClients aws;

    ClusterHeartbeat(AwsClients aws) {
        this.aws = aws;
    }

    /** The counts of each named cluster ECS knows, by name; a cluster ECS does not know is left out. */
    Map<String, Counts> look(AwsClients.Target target, List<String> clusters) {
        Map<String, Counts> counts = new HashMap<>();
        List<String> distinct = clusters.stream().distinct().toList();
        for (int from = 0; from < distinct.size(); from += BATCH) {
            List<String> batch = new ArrayList<>(distinct.subList(from, Math.min(distinct.size(), from + BATCH)));
            for (Cluster cluster : aws.ecs(target).describeClusters(r -> r.clusters(batch)).clusters()) {
                counts.put(cluster.clusterName(), new Counts(cluster.status(), number(cluster.runningTasksCount()),
                        number(cluster.pendingTasksCount()), number(cluster.activeServicesCount())));
            }
        }
        return counts;
    }

    private static int number(Integer value) {
        return value == null ? 0 : value;
    }
}
