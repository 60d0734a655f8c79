package com.questportal.portal.provisioning;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/** The environment stack's template: {@code infra-templates/quest-environment.yaml}, packaged with the portal as it is in the repository. */
@Component
class QuestTemplate {

    static final String RESOURCE = "infra-templates/quest-environment.yaml";
    /** The logical ids of the template's ECS cluster and service, where a failing apply's tasks are found. */
    static final String CLUSTER = "QuestCluster";
    static final String SERVICE = "QuestService";

    private final String body;

    QuestTemplate() {
        try (InputStream in = QuestTemplate.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath; the build packages it from infra-templates/");
            }
            this.body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    String body() {
        return body;
    }
}
