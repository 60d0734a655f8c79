package com.questportal.portal.provisioning;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A visitor of what runs behind the sandbox's load balancers, trusting the one certificate its HTTPS listeners present. */
public final class SandboxVisitor {

    private SandboxVisitor() {
    }

    public static HttpClient trusting(URI sandbox) throws Exception {
        byte[] pem = HttpClient.newHttpClient().send(HttpRequest.newBuilder(sandbox.resolve("/_sandbox/listener-certificate")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("sandbox", CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem)));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(2)).build();
    }
}
