package com.questportal.portal.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Task;

/** ECS's tasks as the portal reads them: described in ECS's batches, and the image tag their containers run. */
public final class EcsTasks {

    /** DescribeTasks takes at most 100 tasks a call. */
    private static final int DESCRIBE_BATCH = 100;

    private EcsTasks() {
    }

    /** Every task of the list, in as few DescribeTasks calls as ECS allows. */
    public static List<Task> describe(EcsClient ecs, String cluster, List<String> taskArns) {
        List<Task> tasks = new ArrayList<>();
        for (int from = 0; from < taskArns.size(); from += DESCRIBE_BATCH) {
            List<String> batch = taskArns.subList(from, Math.min(taskArns.size(), from + DESCRIBE_BATCH));
            tasks.addAll(ecs.describeTasks(r -> r.cluster(cluster).tasks(batch)).tasks());
        }
        return tasks;
    }

    /** The tag of an image reference: v2 of {@code …/quest:v2}, the digest of {@code …@sha256:…}, latest when none is named. */
    public static String imageTag(String image) {
        if (image == null) {
            return null;
        }
        int at = image.indexOf('@');
        if (at >= 0) {
            return image.substring(at + 1);
        }
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "latest";
    }

    /** A task's or service's id: the last segment of its ARN. */
    public static String idOf(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }
}
