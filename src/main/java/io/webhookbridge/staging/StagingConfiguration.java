package io.webhookbridge.staging;

import io.micrometer.core.instrument.MeterRegistry;
import io.webhookbridge.broker.EmbeddedBroker;
import io.webhookbridge.observe.StoredEventMeters;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.CamelContextHelper;

/**
 * The stagers the routes call: {@code eventStager} stores an accepted event on the staging queue,
 * {@code rejectedEventStager} a refused one on the dead-letter queue; the webhook is answered once it is on disk.
 */
public class StagingConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.queue.staging")
    private String stagingQueue;
    @PropertyInject("bridge.queue.dead-letter")
    private String deadLetterQueue;
    @PropertyInject("bridge.dead-letter.rejected-max-bytes")
    private long rejectedMaxQueueBytes;
    @PropertyInject("bridge.dead-letter.rejected-max-age")
    private long rejectedMaxAgeSeconds;

    @Override
    public void configure(CamelContext context) throws Exception {
        EmbeddedBroker broker = CamelContextHelper.mandatoryLookup(context, "embeddedBroker", EmbeddedBroker.class);
        EventStager eventStager = new EventStager(broker, stagingQueue, true, new StoredEventMeters(
                CamelContextHelper.mandatoryLookup(context, "meterRegistry", MeterRegistry.class)));
        EventStager rejectedStager = EventStager.forRejected(broker, deadLetterQueue, rejectedMaxQueueBytes,
                rejectedMaxAgeSeconds * 1000);
        context.addService(eventStager, true, true);
        context.addService(rejectedStager, true, true);
        context.getRegistry().bind("eventStager", eventStager);
        context.getRegistry().bind("rejectedEventStager", rejectedStager);
    }
}
