package com.questportal.portal.system;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The portal's background pools: named daemon threads, so that none of them keeps the JVM from stopping. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    public static ExecutorService fixedPool(int threads, String name) {
        return Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }
}
