package io.webhookbridge.bus;

import io.webhookbridge.Queues;
import io.webhookbridge.FreePorts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import static org.awaitility.Awaitility.await;

/**
 * A real standalone Artemis, the official distribution unpacked by the build into target/artemis-dist: a broker
 * instance created with login required, run as a child process on a free port, stopped by {@link #close()} (and
 * killed when the test JVM exits, whatever happened).
 */
public final class StandaloneArtemis implements AutoCloseable {

    static final Path DIST = Path.of("target/artemis-dist/apache-artemis-2.40.0");

    public final String user = "bus-user";
    public final String password = "bus-" + UUID.randomUUID();
    private final Path instance;
    private final Path console;
    private final int port;
    private Process process;

    public StandaloneArtemis(Path dir) throws Exception {
        this.instance = dir.resolve("bus-broker");
        this.console = dir.resolve("bus-broker.out");
        this.port = FreePorts.next();
        Process create = new ProcessBuilder(DIST.resolve("bin/artemis").toAbsolutePath().toString(), "create",
                instance.toAbsolutePath().toString(), "--user", user, "--password", password, "--require-login", "--silent",
                "--host", "127.0.0.1", "--default-port", String.valueOf(port), "--nio", "--no-web", "--no-autotune",
                "--java-memory", "512M", "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor",
                "--no-hornetq-acceptor")
                .redirectErrorStream(true).redirectOutput(dir.resolve("bus-create.out").toFile()).start();
        if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
            create.destroyForcibly();
            throw new IllegalStateException("artemis create failed: " + Files.readString(dir.resolve("bus-create.out")));
        }
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public StandaloneArtemis start() throws Exception {
        long from = Files.exists(console) ? Files.size(console) : 0;
        process = new ProcessBuilder(instance.resolve("bin/artemis").toAbsolutePath().toString(), "run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile())).start();
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!started.isAlive()) {
                throw new IllegalStateException("the bus broker exited: " + Files.readString(console));
            }
            String out = Files.readString(console, StandardCharsets.UTF_8);
            return out.length() > from && out.substring((int) from).contains("AMQ221007");
        });
        return this;
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Receives (and removes) what is on a bus queue, as a consumer of the bus would, optionally with a selector. */
    List<Message> drain(String queue, String selector) throws JMSException {
        return drain(password, queue, selector);
    }

    List<Message> drainAs(String userPassword, String queue) throws JMSException {
        return drain(userPassword, queue, null);
    }

    private List<Message> drain(String userPassword, String queue, String selector) throws JMSException {
        return Queues.drain(new ActiveMQConnectionFactory(url(), user, userPassword), queue, selector);
    }

    List<Message> drain(String queue) throws JMSException {
        return drain(queue, null);
    }

    /** Changes the bus user's password on the running broker (its login module reloads the users file). */
    void changePassword(String newPassword) throws IOException {
        Path users = instance.resolve("etc/artemis-users.properties");
        String text = Files.readString(users).replaceAll("(?m)^" + user + " = .*$", user + " = " + newPassword);
        Files.writeString(users, text);
        users.toFile().setLastModified(System.currentTimeMillis() + 2000);
    }

    String log() throws IOException {
        return Files.readString(console);
    }
}
