package com.questportal.portal.environment;

/** An environment's record was deleted (its stack was gone already); features that keep state by its name forget it. */
public record EnvironmentDeleted(String name) {
}
