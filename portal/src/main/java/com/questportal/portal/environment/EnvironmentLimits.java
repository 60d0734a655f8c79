package com.questportal.portal.environment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits an installation sets on environments.
 *
 * @param maxDesiredCount the most tasks one environment may ask for (the quest template allows 50)
 */
@ConfigurationProperties("portal.environments")
record EnvironmentLimits(@DefaultValue("50") int maxDesiredCount) {
}
