package com.questportal.portal.environment;

import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The names of the recorded environments, for other features that offer a choice of them. */
@Component
public class EnvironmentNames {

    private final EnvironmentRepository environments;

    EnvironmentNames(EnvironmentRepository environments) {
        this.environments = environments;
    }

    @Transactional(readOnly = true)
    public List<String> all() {
        return environments.findAllByOrderByNameAsc().stream().map(Environment::getName).toList();
    }
}
