package com.questportal.portal.provisioning;

/** A stack parameter whose value a plan changes; {@code before} is null for a new stack. Secret (NoEcho) values are masked. */
public record ParameterChange(String name, String before, String after) {
}
