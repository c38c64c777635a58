package io.webhookbridge.broker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import io.webhookbridge.BridgeRunner;
import io.webhookbridge.Queues;
import io.webhookbridge.Samples;
import io.webhookbridge.FreePorts;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptor;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may use the embedded broker: the bridge itself in-VM; over TCP, only when the operator opens the port, and
 * then only the operator's user, with the rights of its role. Real broker, real TCP connections.
 */
class BrokerAccessTest {

    private static final String QUEUE = "t.inbound";
    private static final String USER = "reader";
    private static final String PASSWORD = "reader-password-1";

    @TempDir
    Path work;

    @Test
    void theTcpPortIsClosedByDefault() throws Exception {
        assertTrue(Files.readString(Path.of("config/application.properties"), StandardCharsets.UTF_8)
                .contains("bridge.broker.port = {{env:BRIDGE_BROKER_PORT:0}}"));
        try (BridgeRunner bridge = new BridgeRunner(work).start()) {
            // Only the in-VM acceptor: nothing listens on a socket.
            var acceptors = bridge.broker().server().getRemotingService().getAcceptors();
            assertTrue(!acceptors.isEmpty() && acceptors.values().stream().allMatch(a -> a instanceof InVMAcceptor),
                    acceptors.toString());
        }
    }

    @Test
    void anOpenPortWithoutTheOperatorsCredentialsRefusesToStart() throws Exception {
        for (String[] credentials : new String[][] {{null, null}, {USER, null}, {null, PASSWORD}, {USER, " "}}) {
            EmbeddedBroker broker = new EmbeddedBroker(settings(FreePorts.next(), credentials[0], credentials[1], null));
            RuntimeException refused = assertThrows(RuntimeException.class, broker::start);
            assertTrue(messages(refused).contains("BRIDGE_BROKER_USER and BRIDGE_BROKER_PASSWORD"), messages(refused));
            assertTrue(!broker.isActive());
        }
        EmbeddedBroker unknownRole = new EmbeddedBroker(settings(FreePorts.next(), USER, PASSWORD, "write"));
        assertTrue(messages(assertThrows(RuntimeException.class, unknownRole::start)).contains("BRIDGE_BROKER_USER_ROLE"));
    }

    @Test
    void withThePortOpenOnlyTheOperatorsUserGetsInAndReadsButCannotChangeAnything() throws Exception {
        int port = FreePorts.next();
        try (BridgeRunner bridge = new BridgeRunner(work)
                .property("bridge.target.inbound", "jms:queue:" + QUEUE)
                .property("bridge.broker.port", String.valueOf(port))
                .property("bridge.broker.user", USER)
                .property("bridge.broker.password", PASSWORD)
                .start()) {
            String url = "tcp://127.0.0.1:" + port;
            assertRefused(new ActiveMQConnectionFactory(url));
            assertRefused(new ActiveMQConnectionFactory(url, USER, "wrong-password"));
            assertRefused(new ActiveMQConnectionFactory(url, "webhook-bridge", "anything"));
            // Artemis's cluster user with its shipped password would have every right.
            assertRefused(new ActiveMQConnectionFactory(url, "ACTIVEMQ.CLUSTER.ADMIN.USER", "CHANGE ME!!"));

            // The bridge itself (in-VM) still accepts and stores webhooks.
            String uuid = UUID.randomUUID().toString();
            assertEquals(200, bridge.postSigned("/webhooks/inbound-message", Samples.withUuid("inbound-whatsapp-text", uuid))
                    .statusCode());
            assertEquals(1, bridge.broker().messageCount(QUEUE));

            ActiveMQConnectionFactory reader = new ActiveMQConnectionFactory(url, USER, PASSWORD);
            try (Connection connection = reader.createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                List<?> browsed = Collections.list(session.createBrowser(session.createQueue(QUEUE)).getEnumeration());
                assertEquals(1, browsed.size());

                assertThrows(JMSSecurityException.class,
                        () -> session.createProducer(session.createQueue(QUEUE)).send(session.createTextMessage("forged")));
                assertEquals(1, bridge.broker().messageCount(QUEUE));
                // The bridge's own queues may be browsed, not consumed: that would take events from the bridge.
                for (String internal : List.of("bridge.staging", "bridge.dlq", "bridge.expiry")) {
                    Collections.list(session.createBrowser(session.createQueue(internal)).getEnumeration());
                    assertThrows(JMSSecurityException.class, () -> session.createConsumer(session.createQueue(internal)), internal);
                }
            }
            try (ServerLocator locator = ActiveMQClient.createServerLocator(url).setBlockOnNonDurableSend(true)
                    .setBlockOnDurableSend(true);
                    ClientSessionFactory factory = locator.createSessionFactory();
                    ClientSession session = factory.createSession(USER, PASSWORD, false, true, true, false, 0)) {
                assertThrows(ActiveMQSecurityException.class, () -> session.deleteQueue(QUEUE));
                ClientProducer management = session.createProducer("activemq.management");
                ClientMessage purge = session.createMessage(false);
                ManagementHelper.putOperationInvocation(purge, ResourceNames.QUEUE + QUEUE, "removeAllMessages");
                assertThrows(ActiveMQSecurityException.class, () -> management.send(purge));
            }
            assertEquals(1, bridge.broker().messageCount(QUEUE));

            try (Connection connection = reader.createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
                Message received = consumer.receive(5_000);
                assertEquals(uuid, received.getStringProperty("vonageMessageUuid"));
            }
            assertEquals(0, bridge.broker().messageCount(QUEUE));
        }
    }

    @Test
    void theAdminRoleMaySend() throws Exception {
        int port = FreePorts.next();
        try (BridgeRunner bridge = new BridgeRunner(work)
                .property("bridge.target.inbound", "jms:queue:" + QUEUE)
                .property("bridge.broker.port", String.valueOf(port))
                .property("bridge.broker.user", "operator")
                .property("bridge.broker.password", PASSWORD)
                .property("bridge.broker.user-role", "admin")
                .start()) {
            try (Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port, "operator", PASSWORD)
                    .createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                session.createProducer(session.createQueue(QUEUE)).send(session.createTextMessage("from the operator"));
            }
            List<Message> messages = Queues.drain(QUEUE);
            assertEquals(1, messages.size());
            assertEquals("from the operator", ((TextMessage) messages.get(0)).getText());
        }
    }

    private static void assertRefused(ActiveMQConnectionFactory factory) {
        assertThrows(JMSSecurityException.class, () -> {
            try (Connection connection = factory.createConnection()) {
                connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            }
        });
    }

    private BrokerSettings settings(int port, String user, String password, String role) throws Exception {
        return TestBrokerSettings.of(work, 78, "bridge.broker.port", String.valueOf(port), "bridge.broker.user", user,
                "bridge.broker.password", password, "bridge.broker.user-role", role);
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
