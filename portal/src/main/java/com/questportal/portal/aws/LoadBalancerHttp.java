package com.questportal.portal.aws;

import com.questportal.portal.system.PortalProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.springframework.stereotype.Component;

/**
 * The HTTP client the portal reaches environments' load balancers with, as their users do. On AWS it trusts what the
 * JDK trusts (an ACM certificate chains to a public CA); in sandbox mode it trusts the one self-signed certificate the
 * sandbox's HTTPS listeners present, which the sandbox hands out at {@code /_sandbox/listener-certificate}.
 */
@Component
public class LoadBalancerHttp {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final PortalProperties properties;
    private final AwsClients aws;
    private volatile HttpClient client;

    LoadBalancerHttp(PortalProperties properties, AwsClients aws) {
        this.properties = properties;
        this.aws = aws;
    }

    /** Made on first use; in sandbox mode a failure to read the certificate is thrown and tried again on the next use. */
    public HttpClient client() throws IOException {
        HttpClient made = client;
        if (made == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                            .followRedirects(HttpClient.Redirect.NEVER).sslContext(trust()).build();
                }
                made = client;
            }
        }
        return made;
    }

    private SSLContext trust() throws IOException {
        try {
            if (!properties.mode().isSandbox()) {
                return SSLContext.getDefault();
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("sandbox-listener", CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(sandboxCertificate())));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("the sandbox's listener certificate cannot be trusted: " + e.getMessage(), e);
        }
    }

    private byte[] sandboxCertificate() throws IOException {
        URI endpoint = aws.sandboxEndpoint();
        try {
            HttpResponse<byte[]> answer = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build().send(HttpRequest.newBuilder(endpoint.resolve("/_sandbox/listener-certificate"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new IOException("the sandbox answered " + answer.statusCode() + " for its listener certificate");
            }
            return answer.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the sandbox's listener certificate", e);
        }
    }
}
