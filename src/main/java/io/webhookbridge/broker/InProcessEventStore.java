package io.webhookbridge.broker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.io.IOCallback;
import org.apache.activemq.artemis.core.message.impl.CoreMessage;
import org.apache.activemq.artemis.core.persistence.OperationContext;
import org.apache.activemq.artemis.core.persistence.StorageManager;
import org.apache.activemq.artemis.core.persistence.impl.journal.LargeServerMessageImpl;
import org.apache.activemq.artemis.core.persistence.impl.journal.OperationContextImpl;
import org.apache.activemq.artemis.core.postoffice.RoutingStatus;
import org.apache.activemq.artemis.core.server.ActiveMQServer;

/**
 * An {@link EventStore} that routes each event into the broker on the calling thread, the way Artemis's own protocol
 * handlers do: no client session, no in-VM connection, no confirmation packet (and no security check: the caller is
 * this process). It relies on Artemis internals (the post office, the storage manager's per-thread operation
 * context, the duplicate-id cache); {@code EventStoreContractTest} fails when an upgrade changes them. Artemis's
 * public core client, over the in-VM connector, costs far more CPU per event ({@code EventStoreAB}; figures in
 * docs/benchmarks.md), which is why the bridge takes this path.
 */
final class InProcessEventStore implements EventStore {

    /** Room for a typical event's body (UTF-16 in a TextMessage) and properties without growing the buffer. */
    private static final int INITIAL_MESSAGE_BYTES = 4096;

    private final ActiveMQServer server;
    private final int maxDiskUsagePercent;
    private final ThreadLocal<ThreadContext> contexts = new ThreadLocal<>();

    InProcessEventStore(ActiveMQServer server, int maxDiskUsagePercent) {
        this.server = server;
        this.maxDiskUsagePercent = maxDiskUsagePercent;
    }

    @Override
    public boolean isDuplicate(String address, byte[] duplicateId) {
        var postOffice = server.getPostOffice();
        return duplicateId != null && postOffice != null
                && postOffice.getDuplicateIDCache(SimpleString.of(address)).contains(duplicateId);
    }

    /**
     * Routes the event with duplicate detection, diverts and paging as for any send. A body too big for one journal
     * record is stored as a large message; a disk above {@code max-disk-usage} refuses the event. The outcome is told
     * on {@code completions}; at once on the calling thread when nothing was left to write; on the journal's thread,
     * as a failure, when {@code completions} refuses the task (shutdown).
     */
    @Override
    public CompletionStage<Outcome> store(Event event, Executor completions) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        // A retry the id cache already holds is answered without routing it: the broker would log a warning for every
        // one, with the event's properties.
        if (isDuplicate(event.address(), event.duplicateId())) {
            outcome.complete(Outcome.DUPLICATE);
            return outcome;
        }
        try {
            if (!server.isActive()) {
                throw new IllegalStateException("the embedded broker is not running");
            }
            if (server.getPagingManager().isDiskFull()) {
                throw new IllegalStateException("the disk is above max-disk-usage (" + maxDiskUsagePercent + " %)");
            }
            route(message(event), completions, outcome);
        } catch (Exception e) {
            outcome.completeExceptionally(e);
        }
        return outcome;
    }

    private void route(Message message, Executor completions, CompletableFuture<Outcome> outcome) throws Exception {
        StorageManager storage = server.getStorageManager();
        // Without creating one: OperationContextImpl clears a thread's context after running a completion on it.
        OperationContext previous = OperationContextImpl.getContext();
        storage.setContext(operationContext(completions));
        try {
            SimpleString address = message.getAddressSimpleString();
            RoutingStatus status = server.getPostOffice().route(LargeServerMessageImpl.checkLargeMessage(message, storage), true);
            storage.afterCompleteOperations(new IOCallback() {
                @Override
                public void done() {
                    if (status == RoutingStatus.DUPLICATED_ID) {
                        outcome.complete(Outcome.DUPLICATE);
                    } else if (status == RoutingStatus.OK || status == RoutingStatus.NO_BINDINGS && divertedAll(address)) {
                        outcome.complete(Outcome.STORED);
                    } else {
                        // Nothing stored it: never report that as stored.
                        outcome.completeExceptionally(new IllegalStateException("the broker has no queue for " + address
                                + " (" + status + ")"));
                    }
                }

                @Override
                public void onError(int errorCode, String errorMessage) {
                    outcome.completeExceptionally(new IllegalStateException(errorMessage));
                }
            });
        } finally {
            storage.setContext(previous);
        }
    }

    /**
     * Whether "no bindings" means that exclusive diverts took the event to their queues: the address has a queue, and
     * that queue has no filter, so it would have taken any event the diverts left.
     */
    private boolean divertedAll(SimpleString address) {
        var queue = server.locateQueue(address);
        return queue != null && queue.getFilter() == null;
    }

    /** The event as a JMS producer would send it: a persistent TextMessage. */
    private Message message(Event event) {
        CoreMessage message = new CoreMessage(server.getStorageManager().generateID(), INITIAL_MESSAGE_BYTES);
        message.setType(Message.TEXT_TYPE);
        message.setAddress(event.address());
        message.setRoutingType(RoutingType.ANYCAST);
        return TextMessages.write(message, event);
    }

    /**
     * One storage context per calling thread: it tracks that thread's writes and completes them in order on
     * {@code completions}, or on a broker executor as a client session's context would. A thread that changes its
     * executor gets a new context (callers pass the same one from one thread: their own loop's).
     */
    private OperationContext operationContext(Executor completions) {
        ThreadContext current = contexts.get();
        if (current == null || current.completions() != completions) {
            Executor executor = completions != null ? completions : server.getExecutorFactory().getExecutor();
            current = new ThreadContext(completions, server.getStorageManager().newContext(executor));
            contexts.set(current);
        }
        return current.context();
    }

    private record ThreadContext(Executor completions, OperationContext context) {
    }
}
