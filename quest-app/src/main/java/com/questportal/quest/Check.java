package com.questportal.quest;

import com.sun.net.httpserver.Headers;

/** One of the quest's checks, answered for the request that asked. */
interface Check {

    /** The route's name, without the slash: {@code docker}, {@code tls}... */
    String name();

    /** What the check proves, in a sentence, for the human page. */
    String question();

    CheckResult run(Headers requestHeaders);
}
