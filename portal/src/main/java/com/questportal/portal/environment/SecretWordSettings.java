package com.questportal.portal.environment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often the portal asks SSM whether an environment's secret word is set: one answer per
 * environment is shared by everyone who looks until it is this old. What the portal itself writes
 * or deletes is known at once.
 *
 * @param recheckAfter how long a "set" or "not set" answer is shared
 * @param recheckFailedAfter how long "SSM could not be asked" is shared before asking again
 */
@ConfigurationProperties("portal.secret-words")
record SecretWordSettings(@DefaultValue("PT1M") Duration recheckAfter, @DefaultValue("PT5S") Duration recheckFailedAfter) {
}
