package com.questportal.portal.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Asks CloudFormation again until an answer says the work is done or patience runs out, pausing 200 ms
 * at first and twice as long each time up to 2 s: quick for the sandbox, gentle on AWS's rate limits.
 */
final class CloudFormationWait {

    private CloudFormationWait() {
    }

    /** The first answer that is done, or the last one when patience ran out. */
    static <T> T until(Supplier<T> ask, Predicate<T> done, Duration patience) {
        Instant giveUp = Instant.now().plus(patience);
        long pause = 200;
        while (true) {
            T answer = ask.get();
            if (done.test(answer) || Instant.now().isAfter(giveUp)) {
                return answer;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for CloudFormation", e);
            }
            pause = Math.min(2000, pause * 2);
        }
    }
}
