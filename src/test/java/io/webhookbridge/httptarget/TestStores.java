package io.webhookbridge.httptarget;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed PKCS#12 stores made with the JDK's keytool at test time: a server certificate for 127.0.0.1, a client
 * certificate, and for each side a trust store holding the other side's certificate.
 */
final class TestStores {

    static final String SERVER_PASSWORD = "srv-store-Pw-7d2a";
    static final String SERVER_TRUST_PASSWORD = "srv-trust-Pw-1b9e";
    static final String CLIENT_PASSWORD = "cli-store-Pw-5c8f";
    static final String CLIENT_TRUST_PASSWORD = "cli-trust-Pw-3e6d";

    final Path serverStore;
    final Path serverTrust;
    final Path clientStore;
    final Path clientTrust;

    TestStores(Path dir) throws Exception {
        Files.createDirectories(dir);
        serverStore = dir.resolve("server.p12");
        serverTrust = dir.resolve("server-trust.p12");
        clientStore = dir.resolve("client.p12");
        clientTrust = dir.resolve("client-trust.p12");
        selfSigned(serverStore, SERVER_PASSWORD, "CN=127.0.0.1", "SAN=ip:127.0.0.1,dns:localhost");
        selfSigned(clientStore, CLIENT_PASSWORD, "CN=webhook-bridge-test-client", null);
        trust(serverStore, SERVER_PASSWORD, dir.resolve("server.crt"), clientTrust, CLIENT_TRUST_PASSWORD);
        trust(clientStore, CLIENT_PASSWORD, dir.resolve("client.crt"), serverTrust, SERVER_TRUST_PASSWORD);
    }

    /** The server side: its certificate, and trust in the client's only. */
    SSLContext serverContext() throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(serverStore, SERVER_PASSWORD), SERVER_PASSWORD.toCharArray());
        return context(keys, load(serverTrust, SERVER_TRUST_PASSWORD));
    }

    /** A client that trusts the server but has no certificate of its own. */
    SSLContext clientWithoutCertificate() throws Exception {
        return context(null, load(clientTrust, CLIENT_TRUST_PASSWORD));
    }

    private static SSLContext context(KeyManagerFactory keys, KeyStore trusted) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static void selfSigned(Path store, String password, String dname, String san) throws Exception {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", "key", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", dname, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", password, "-keypass", password));
        if (san != null) {
            args.addAll(List.of("-ext", san));
        }
        keytool(args);
    }

    private static void trust(Path from, String fromPassword, Path certificate, Path into, String intoPassword) throws Exception {
        keytool(List.of("-exportcert", "-alias", "key", "-keystore", from.toString(), "-storepass", fromPassword,
                "-file", certificate.toString()));
        keytool(List.of("-importcert", "-noprompt", "-alias", "trusted", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", into.toString(), "-storepass", intoPassword));
    }

    private static void keytool(List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args.get(0) + " failed: " + output);
        }
    }
}
