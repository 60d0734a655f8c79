package com.questportal.portal.system;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/** The portal's background pools: named daemon threads, so that none of them keeps the JVM from stopping. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    public static ExecutorService fixedPool(int threads, String name) {
        return Executors.newFixedThreadPool(threads, named(name));
    }

    /** Daemon threads of that name. */
    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
