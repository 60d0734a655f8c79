package com.questportal.sandbox;

import com.questportal.sandbox.autoscaling.ScalingService;
import com.questportal.sandbox.autoscaling.ScalingSignals;
import com.questportal.sandbox.cloudformation.CloudFormationService;
import com.questportal.sandbox.cloudwatch.CloudWatchService;
import com.questportal.sandbox.cloudwatch.MetricStore;
import com.questportal.sandbox.cloudformation.ResourceProvider;
import com.questportal.sandbox.ec2.Ec2Service;
import com.questportal.sandbox.ec2.NetworkProviders;
import com.questportal.sandbox.iam.RoleProvider;
import com.questportal.sandbox.ecr.EcrService;
import com.questportal.sandbox.ecs.EcsService;
import com.questportal.sandbox.ecr.ImagesEndpoint;
import com.questportal.sandbox.elbv2.Elbv2Service;
import com.questportal.sandbox.elbv2.Targets;
import com.questportal.sandbox.faults.Faults;
import com.questportal.sandbox.faults.FaultsEndpoint;
import com.questportal.sandbox.logs.LogsService;
import com.questportal.sandbox.protocol.AwsEndpoint;
import com.questportal.sandbox.protocol.AwsService;
import com.questportal.sandbox.protocol.Principal;
import com.questportal.sandbox.protocol.Principals;
import com.questportal.sandbox.rds.NoDatabases;
import com.questportal.sandbox.runtime.AdminJson;
import com.questportal.sandbox.runtime.DaemonThreads;
import com.questportal.sandbox.ssm.SsmService;
import com.questportal.sandbox.state.SecretBox;
import com.questportal.sandbox.sts.StsService;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running sandbox: one local endpoint that real AWS SDK clients reach with an endpoint
 * override, static credentials and a region. A development and test double of AWS, never AWS.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);

    private final SandboxConfig config;
    private final HttpServer server;
    private final ExecutorService workers;
    private final ExecutorService operations;
    private final EcsService ecs;
    private final Elbv2Service elbv2;
    private final ScalingService scaling;
    private final Faults faults;

    private Sandbox(SandboxConfig config, HttpServer server, ExecutorService workers, ExecutorService operations, EcsService ecs,
                    Elbv2Service elbv2, ScalingService scaling, Faults faults) {
        this.config = config;
        this.scaling = scaling;
        this.faults = faults;
        this.server = server;
        this.workers = workers;
        this.operations = operations;
        this.ecs = ecs;
        this.elbv2 = elbv2;
    }

    public static Sandbox start(SandboxConfig config) throws IOException {
        // Without it, an SDK's request and the server's answer meet Nagle and delayed ACK: ~40 ms per call on loopback.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Files.createDirectories(config.dataDir());
        Clock clock = Clock.systemUTC();
        Principals principals = new Principals(Principal.root(config.accessKeyId(), config.secretAccessKey(), config.accountId()));
        SecretBox secrets = SecretBox.open(config.dataDir().resolve("sandbox.key"));
        ExecutorService operations = Executors.newFixedThreadPool(4, DaemonThreads.named("sandbox-operation"));
        SsmService ssm = new SsmService(config.dataDir().resolve("ssm"), secrets, clock);
        LogsService logs = new LogsService(config.dataDir().resolve("logs"), clock);
        EcrService ecr = new EcrService(config.dataDir().resolve("ecr"), clock);
        List<ResourceProvider> providers = new ArrayList<>(List.of(ssm.parameterProvider(), logs.logGroupProvider(),
                ecr.repositoryProvider(), new RoleProvider(config.dataDir().resolve("iam"))));
        NetworkProviders network = new NetworkProviders(config.dataDir().resolve("ec2"));
        MetricStore metrics = new MetricStore(clock);
        Elbv2Service elbv2 = new Elbv2Service(config.dataDir().resolve("elbv2"), network, clock, InetAddress.getByName(config.host()),
                metrics);
        providers.addAll(network.all());
        providers.addAll(elbv2.providers());
        AtomicReference<URI> listening = new AtomicReference<>();
        EcsService ecs = new EcsService(config.dataDir().resolve("ecs"), ecr, ssm, logs, elbv2.targets(), listening::get, clock,
                config.stepDelay());
        providers.addAll(ecs.providers());
        ScalingService scaling = new ScalingService(config.dataDir().resolve("application-autoscaling"), clock);
        providers.addAll(scaling.providers());
        providers.addAll(NoDatabases.providers());
        CloudFormationService cloudFormation = new CloudFormationService(config.dataDir().resolve("cloudformation"),
                providers, operations, config.stepDelay(), clock);
        Faults faults = new Faults();
        List<AwsService> services = new ArrayList<>(List.of(
                new StsService(principals, clock).api(),
                cloudFormation.api(),
                ssm.api(),
                logs.api(),
                ecr.api(),
                elbv2.api(),
                new Ec2Service(network).api(),
                ecs.api(),
                scaling.api()));
        services.addAll(new CloudWatchService(metrics).apis());
        AwsEndpoint endpoint = new AwsEndpoint(principals, services, clock, config.maxBodyBytes(), faults);
        ExecutorService workers = Executors.newFixedThreadPool(16, DaemonThreads.named("sandbox-http"));
        HttpServer server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 256);
        server.createContext("/", endpoint);
        server.createContext("/_sandbox/task-metadata/", ecs.metadataEndpoint());
        // A container's health check: the endpoint answers once everything above is restored and listening.
        server.createContext("/_sandbox/health", exchange -> {
            try (exchange) {
                AdminJson.send(exchange, 200, Map.of("status", "UP"));
            }
        });
        server.createContext("/_sandbox/load-balancers", LoopbackOnly.wrap(elbv2.trafficReport()));
        server.createContext("/_sandbox/listener-certificate", LoopbackOnly.wrap(elbv2.listenerCertificate()));
        server.createContext("/_sandbox/images", LoopbackOnly.wrap(new ImagesEndpoint(ecr, config.accountId())));
        Targets targets = elbv2.targets();
        server.createContext("/_sandbox/faults", LoopbackOnly.wrap(new FaultsEndpoint(faults, new FaultsEndpoint.DataPlane() {
            @Override
            public boolean killTask(String taskId) {
                return ecs.killTask(taskId);
            }

            @Override
            public boolean failHealthChecks(String ip, int port, boolean failing) {
                return targets.injectHealthCheckFailure(ip, port, failing);
            }
        })));
        server.setExecutor(workers);
        server.start();
        Sandbox sandbox = new Sandbox(config, server, workers, operations, ecs, elbv2, scaling, faults);
        listening.set(sandbox.endpoint());
        ecs.start();
        ecs.publishMetrics(metrics, config.scalingPeriod());
        scaling.startScaling(signals(ecs, elbv2), config.scalingPeriod());
        int resumed = cloudFormation.resumeInterrupted();
        if (resumed > 0) {
            log.info("event=stacks_resumed count={}", resumed);
        }
        log.info("event=sandbox_started endpoint={} dataDir={}", sandbox.endpoint(), config.dataDir().toAbsolutePath());
        return sandbox;
    }

    /** What Application Auto Scaling reads and sets: the sandbox's ECS services and its load balancers' traffic. */
    private static ScalingSignals signals(EcsService ecs, Elbv2Service elbv2) {
        return new ScalingSignals() {
            @Override
            public Optional<Capacity> capacity(String account, String region, String cluster, String service) {
                return ecs.capacity(account, region, cluster, service)
                        .map(found -> new Capacity(found.desired(), found.running(), found.cpuTime(), found.vcpus()));
            }

            @Override
            public void setDesiredCount(String account, String region, String cluster, String service, int desired) {
                ecs.setDesiredCount(account, region, cluster, service, desired);
            }

            @Override
            public Optional<Traffic> traffic(String account, String region, String targetGroupLabel) {
                return elbv2.targetGroupTraffic(account, region, targetGroupLabel)
                        .map(found -> new Traffic(found.requests(), found.healthyTargets()));
            }
        };
    }

    /** Where SDK clients point their endpoint override. */
    public URI endpoint() {
        return URI.create("http://" + config.host() + ":" + server.getAddress().getPort());
    }

    public SandboxConfig config() {
        return config;
    }

    /** The faults injected into the AWS endpoint: none until a test, a demo or {@code --fault} adds some. */
    public Faults faults() {
        return faults;
    }

    @Override
    public void close() {
        scaling.stopScaling();
        ecs.stopAllTasks();
        elbv2.stop();
        server.stop(0);
        workers.shutdownNow();
        operations.shutdownNow();
        log.info("event=sandbox_stopped endpoint={}", endpoint());
    }
}
