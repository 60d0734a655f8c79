package com.questportal.sandbox.elbv2;

import com.questportal.sandbox.runtime.DaemonThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import com.questportal.sandbox.cloudwatch.MetricStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one {@link LoadBalancerProxy} running for every load balancer the control plane has: a port
 * is reserved when the load balancer is created (its DNS name is {@code 127.0.0.1:<port>}), served
 * from then on, bound again after a restart, and released when the load balancer is deleted.
 */
final class LoadBalancerProxies implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoadBalancerProxies.class);

    private final Balancers balancers;
    private final InetAddress host;
    private final TlsIdentity tls;
    final Traffic traffic;
    private final TargetConnections targetConnections = new TargetConnections();
    private final Map<Integer, ServerSocket> reserved = new ConcurrentHashMap<>();
    private final Map<String, LoadBalancerProxy> running = new ConcurrentHashMap<>();
    /** Load balancers whose port something else holds, with when to try binding it again (nanoTime). */
    private final Map<String, Long> unavailable = new ConcurrentHashMap<>();
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);
    private final ExecutorService connections = Executors.newCachedThreadPool(DaemonThreads.named("sandbox-alb"));
    private final ScheduledExecutorService reconciler =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sandbox-alb-reconciler"));

    LoadBalancerProxies(Balancers balancers, InetAddress host, TlsIdentity tls, MetricStore metrics) {
        this.balancers = balancers;
        this.traffic = new Traffic(metrics);
        this.host = host;
        this.tls = tls;
        reconciler.scheduleWithFixedDelay(() -> {
            try {
                reconcile();
            } catch (RuntimeException e) {
                // A failed pass must not end the schedule: the next one starts and stops proxies again.
                log.error("event=load_balancer_reconcile_failed", e);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    /** Binds a free port for a new load balancer and keeps it until its proxy takes it over. */
    int reserve() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.bind(new InetSocketAddress(host, 0), 256);
            reserved.put(socket.getLocalPort(), socket);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for a load balancer", e);
        }
    }

    /**
     * Makes the listener certificate before an HTTPS listener exists, so that its first client does not
     * wait for keytool and a certificate that cannot be made refuses the listener instead of its traffic.
     */
    void prepareTls() {
        try {
            tls.context();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw LoadBalancing.error("InvalidConfigurationRequest", "The sandbox could not make the listener certificate: "
                    + e.getMessage());
        }
    }

    /** The address clients use: the bind address, or loopback when the sandbox listens on every interface. */
    String dnsName(int port) {
        return (host.isAnyLocalAddress() ? "127.0.0.1" : host.getHostAddress()) + ":" + port;
    }

    private void reconcile() {
        targetConnections.closeIdle();
        Set<String> wanted = new HashSet<>();
        for (Balancers.Scope scope : balancers.scopes()) {
            Map<String, Integer> ports = new LinkedHashMap<>();
            synchronized (scope) {
                scope.loadBalancers.forEach((arn, record) -> ports.put(arn, record.localPort()));
            }
            ports.forEach((arn, port) -> {
                wanted.add(arn);
                Long retryAt = unavailable.get(arn);
                if (!running.containsKey(arn) && (retryAt == null || System.nanoTime() - retryAt >= 0)) {
                    start(arn, scope, port);
                }
            });
        }
        unavailable.keySet().retainAll(wanted);
        running.keySet().removeIf(arn -> {
            if (wanted.contains(arn)) {
                return false;
            }
            LoadBalancerProxy proxy = running.get(arn);
            reserved.remove(proxy.port());
            proxy.close();
            log.info("event=load_balancer_stopped arn={} port={}", arn, proxy.port());
            return true;
        });
    }

    private void start(String arn, Balancers.Scope scope, int port) {
        ServerSocket socket = reserved.get(port);
        try {
            if (socket == null) {
                socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(host, port), 256);
                reserved.put(port, socket);
            }
            running.put(arn, new LoadBalancerProxy(arn, scope, socket, tls, traffic, connections, targetConnections));
            log.info("event=load_balancer_listening arn={} url=http://{}", arn, dnsName(port));
        } catch (IOException e) {
            // Its DNS name is in stack outputs and clients' hands: the port is kept, and taken again once it is free.
            if (unavailable.put(arn, System.nanoTime() + RETRY_NANOS) == null) {
                log.error("event=load_balancer_port_taken arn={} port={} reason=\"{}\": it answers again once the port is free "
                        + "(tried every 5 s)", arn, port, e.getMessage());
            }
            return;
        }
        if (unavailable.remove(arn) != null) {
            log.info("event=load_balancer_port_free_again arn={} port={}", arn, port);
        }
    }

    /** What each load balancer has carried so far, for the admin API. */
    List<Map<String, Object>> report() {
        List<Map<String, Object>> report = new ArrayList<>();
        for (Balancers.Scope scope : balancers.scopes()) {
            synchronized (scope) {
                for (LoadBalancerRecord balancer : scope.loadBalancers.values()) {
                    String arn = balancer.arn();
                    Traffic.LoadBalancerCounters counters = traffic.of(arn);
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("loadBalancerArn", arn);
                    entry.put("dnsName", balancer.dnsName());
                    entry.put("serving", running.containsKey(arn));
                    entry.put("requestCount", counters.requests.get());
                    entry.put("elb5xxCount", counters.elb5xx.get());
                    entry.put("target5xxCount", counters.target5xx.get());
                    List<Map<String, Object>> targets = new ArrayList<>();
                    for (String groupArn : LoadBalancing.targetGroupsOf(scope, arn)) {
                        scope.registered(groupArn).forEach(registration -> {
                            String ip = registration.ip();
                            int port = registration.port();
                            Traffic.TargetCounters target = traffic.of(groupArn, ip, port);
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("targetGroupArn", groupArn);
                            row.put("id", ip);
                            row.put("port", port);
                            row.put("state", registration.stateName());
                            row.put("activeConnectionCount", target.activeConnections.get());
                            row.put("requestCount", target.requests.get());
                            targets.add(row);
                        });
                    }
                    entry.put("targets", targets);
                    report.add(entry);
                }
            }
        }
        return report;
    }

    @Override
    public void close() {
        reconciler.shutdownNow();
        running.values().forEach(LoadBalancerProxy::close);
        running.clear();
        reserved.values().forEach(socket -> {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("event=load_balancer_port_release_failed reason=\"{}\"", e.getMessage());
            }
        });
        reserved.clear();
        targetConnections.close();
        connections.shutdownNow();
    }
}
