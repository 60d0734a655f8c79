package com.questportal.portal.security;

import java.util.List;

/** The names of the recorded environments, which a token may be limited to; the environment feature provides them. */
public interface EnvironmentNames {

    List<String> names();
}
