package io.webhookbridge.broker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.SendAcknowledgementHandler;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * An {@link EventStore} over Artemis's public client API, kept for the A/B against the bridge's
 * {@link InProcessEventStore} ({@link EventStoreAB}): it costs more CPU per event (docs/benchmarks.md), so the bridge
 * does not use it. It passes the same {@code EventStoreContractTest}. A core producer on the in-VM connector. The broker confirms
 * each send once the journal has synced it ({@code confirmationWindowSize} >= 0 makes the confirmation wait for the
 * broker; with -1 the client confirms as soon as the packet leaves); a {@link SendAcknowledgementHandler} completes the
 * stage, so no thread waits. Sessions are single-threaded: a caller borrows one for the send and gives it back.
 */
final class ClientEventStore implements EventStore, AutoCloseable {

    /** Bytes of unconfirmed sends a session keeps for resending; a full window does not block. */
    private static final int CONFIRMATION_WINDOW_BYTES = 1024 * 1024;

    private final EmbeddedBroker broker;
    private final ServerLocator locator;
    private final ClientSessionFactory factory;
    private final String user;
    private final String password;
    private final ConcurrentLinkedDeque<Sender> idle = new ConcurrentLinkedDeque<>();

    ClientEventStore(EmbeddedBroker broker) throws Exception {
        ActiveMQConnectionFactory inVm = broker.inVmConnectionFactory();
        this.broker = broker;
        this.user = inVm.getUser();
        this.password = inVm.getPassword();
        this.locator = inVm.getServerLocator()
                .setConfirmationWindowSize(CONFIRMATION_WINDOW_BYTES)
                // No producer flow control: a send waiting for credits would block the caller's event loop. A full
                // address pages, a full disk fails the send.
                .setProducerWindowSize(-1);
        this.factory = locator.createSessionFactory();
    }

    @Override
    public boolean isDuplicate(String address, byte[] duplicateId) {
        // The public API cannot ask the cache; the in-process store can.
        return broker.eventStore().isDuplicate(address, duplicateId);
    }

    @Override
    public CompletionStage<Outcome> store(Event event, Executor completions) {
        // A known repeat is answered without a send, as the in-process store does.
        return isDuplicate(event.address(), event.duplicateId()) ? CompletableFuture.completedFuture(Outcome.DUPLICATE)
                : send(event, completions);
    }

    private CompletableFuture<Outcome> send(Event event, Executor completions) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        Sender sender = idle.pollFirst();
        try {
            if (sender == null) {
                sender = newSender();
            }
            ClientMessage message = TextMessages.write(sender.session().createMessage(Message.TEXT_TYPE, true), event);
            message.setRoutingType(RoutingType.ANYCAST);
            sender.producer().send(SimpleString.of(event.address()), message, new SendAcknowledgementHandler() {
                @Override
                public void sendAcknowledged(Message sent) {
                    complete(outcome, completions, null);
                }

                @Override
                public void sendFailed(Message sent, Exception e) {
                    complete(outcome, completions, e);
                }
            });
            idle.offerFirst(sender);
        } catch (Exception e) {
            if (sender != null) {
                sender.close();
            }
            outcome.completeExceptionally(e);
        }
        return outcome;
    }

    private static void complete(CompletableFuture<Outcome> outcome, Executor completions, Exception failure) {
        Runnable completion = () -> {
            if (failure == null) {
                outcome.complete(Outcome.STORED);
            } else {
                outcome.completeExceptionally(failure);
            }
        };
        if (completions == null) {
            completion.run();
            return;
        }
        try {
            completions.execute(completion);
        } catch (RejectedExecutionException e) {
            outcome.completeExceptionally(e);
        }
    }

    private Sender newSender() throws ActiveMQException {
        ClientSession session = factory.createSession(user, password, false, true, true, false, 0);
        return new Sender(session, session.createProducer());
    }

    @Override
    public void close() {
        for (Sender sender; (sender = idle.pollFirst()) != null;) {
            sender.close();
        }
        factory.close();
        locator.close();
    }

    private record Sender(ClientSession session, ClientProducer producer) {
        void close() {
            try {
                session.close();
            } catch (ActiveMQException e) {
                // Closing after a failure: nothing more to do with this session.
            }
        }
    }
}
