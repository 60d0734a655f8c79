package com.questportal.portal.deployment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A client asking one URL through a load balancer every 50 ms until closed, as a visitor would during a rollout: each
 * answer's status, or -1 for a request that got none. The test reads the answers on its own thread after closing it.
 */
final class LoadBalancerPoller implements AutoCloseable {

    private final List<Integer> answers = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean polling = true;

    LoadBalancerPoller(HttpClient http, URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build();
        thread = new Thread(() -> {
            while (polling) {
                try {
                    answers.add(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
                    Thread.sleep(50);
                } catch (IOException e) {
                    answers.add(-1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "load-balancer-poller");
        thread.start();
    }

    /** Every answer so far, oldest first. */
    List<Integer> answers() {
        synchronized (answers) {
            return List.copyOf(answers);
        }
    }

    @Override
    public void close() throws InterruptedException {
        polling = false;
        thread.join(15_000);
    }
}
