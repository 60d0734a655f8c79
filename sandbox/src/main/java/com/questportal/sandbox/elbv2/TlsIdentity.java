package com.questportal.sandbox.elbv2;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The certificate the sandbox's HTTPS listeners present: a self-signed one for {@code localhost}
 * and {@code 127.0.0.1}, made once with the JDK's own {@code keytool} (the JDK has no public API
 * to build a certificate) and kept in the data directory, so that it stays the same across restarts.
 */
final class TlsIdentity {

    private static final String ALIAS = "sandbox-load-balancer";

    private final Path keyStore;
    private final Path password;
    private volatile SSLContext context;

    TlsIdentity(Path directory) {
        this.keyStore = directory.resolve("listener-certificate.p12");
        this.password = directory.resolve("listener-certificate.password");
    }

    /** Made on first use: a sandbox without HTTPS listeners never runs keytool. */
    SSLContext context() {
        SSLContext made = context;
        if (made == null) {
            synchronized (this) {
                if (context == null) {
                    context = load();
                }
                made = context;
            }
        }
        return made;
    }

    /**
     * The listener certificate in PEM, for clients that trust it explicitly (the portal's quest checks): it is
     * self-signed, so no client trusts it by default. Made on first use, like the context.
     */
    synchronized String certificatePem() {
        try {
            Certificate certificate = store().getCertificate(ALIAS);
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the listener certificate " + keyStore, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the listener certificate " + keyStore + " cannot be used", e);
        }
    }

    private KeyStore store() throws IOException, GeneralSecurityException {
        if (!Files.exists(keyStore) || !Files.exists(password)) {
            generate();
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, secret());
        }
        return store;
    }

    private char[] secret() throws IOException {
        return Files.readString(password, StandardCharsets.US_ASCII).trim().toCharArray();
    }

    private SSLContext load() {
        try {
            KeyStore store = store();
            char[] secret = secret();
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, secret);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, new SecureRandom());
            return tls;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the listener certificate " + keyStore, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the listener certificate " + keyStore + " cannot be used", e);
        }
    }

    private void generate() throws IOException {
        Files.createDirectories(keyStore.getParent());
        Files.deleteIfExists(keyStore);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost, O=Quest Portal sandbox",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "825", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", secret, "-keypass", secret))
                .redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool could not make the listener certificate: " + output.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool made the listener certificate", e);
        }
        Files.writeString(password, secret, StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
            Files.setPosixFilePermissions(keyStore, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data directory's own permissions protect it.
        }
    }
}
