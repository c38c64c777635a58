package io.webhookbridge.httptarget;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The TLS settings of an HTTPS target, for camel-http's {@code sslContextParameters}: a client certificate (mTLS)
 * and a trust store, each a PKCS#12 file. Both are opened once, at start, so that a missing file or a wrong password
 * stops the start naming the target and the variable; the passwords are dropped once the stores are loaded.
 */
final class TargetTls extends SSLContextParameters {

    private final String target;
    private final SSLContext context;

    private TargetTls(String target, SSLContext context) {
        this.target = target;
        this.context = context;
    }

    /** A store is a path and its password, each with the variable it was set by. */
    record Store(String path, String pathVariable, char[] password, String passwordVariable) {

        @Override
        public String toString() {
            return "Store[" + path + ", password ******]";
        }
    }

    /** Null when neither store is set. */
    static TargetTls of(String target, Store clientKeyStore, Store trustStore) {
        if (clientKeyStore == null && trustStore == null) {
            return null;
        }
        try {
            KeyManagerFactory keys = null;
            if (clientKeyStore != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(target, "client key store", clientKeyStore), clientKeyStore.password());
            }
            TrustManagerFactory trust = null;
            if (trustStore != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(target, "trust store", trustStore));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return new TargetTls(target, context);
        } catch (GeneralSecurityException e) {
            throw new SettingError("target " + target + ": its TLS settings cannot be used (" + e.getClass().getSimpleName()
                    + "); check " + (clientKeyStore != null ? clientKeyStore.passwordVariable() : trustStore.passwordVariable()));
        } finally {
            clear(clientKeyStore);
            clear(trustStore);
        }
    }

    private static KeyStore load(String target, String what, Store store) throws GeneralSecurityException {
        Path path = Path.of(store.path());
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, store.password());
            if (keyStore.size() == 0) {
                throw new SettingError("target " + target + ": the " + what + " " + store.path() + " (" + store.pathVariable()
                        + ") holds no entry");
            }
            return keyStore;
        } catch (NoSuchFileException e) {
            throw new SettingError("target " + target + ": the " + what + " " + store.path() + " (" + store.pathVariable()
                    + ") does not exist");
        } catch (IOException e) {
            // PKCS#12 reports a wrong password as an IOException (its integrity check fails).
            throw new SettingError("target " + target + ": the " + what + " " + store.path() + " (" + store.pathVariable()
                    + ") cannot be opened: not a PKCS#12 file, or the wrong password in " + store.passwordVariable());
        }
    }

    private static void clear(Store store) {
        if (store != null) {
            Arrays.fill(store.password(), (char) 0);
        }
    }

    /** The context built at start; camel-http asks for it once per endpoint. */
    @Override
    public SSLContext createSSLContext(CamelContext camelContext) {
        return context;
    }

    @Override
    public String toString() {
        return "TargetTls[" + target + ", key material ******]";
    }
}
