package com.questportal.quest;

import org.eclipse.jetty.http.HttpFields;

/** One of the quest's checks, answered for the request that asked. */
interface Check {

    /** The route's name, without the slash: {@code docker}, {@code tls}... */
    String name();

    /** What the check proves, in a sentence, for the human page. */
    String question();

    CheckResult run(HttpFields requestHeaders);
}
