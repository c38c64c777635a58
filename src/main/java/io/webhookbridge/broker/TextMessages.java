package io.webhookbridge.broker;

import java.util.Map;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.reader.TextMessageUtil;
import org.apache.activemq.artemis.utils.UUIDGenerator;

/** Writes an {@link EventStore.Event} into a core message the way a JMS producer writes a persistent TextMessage. */
final class TextMessages {

    /** JMS's default priority. */
    private static final byte DEFAULT_PRIORITY = 4;

    private TextMessages() {
    }

    static <M extends Message> M write(M message, EventStore.Event event) {
        TextMessageUtil.writeBodyText(message.getBodyBuffer(), event.text() == null ? null : SimpleString.of(event.text()));
        message.setDurable(true);
        message.setTimestamp(System.currentTimeMillis());
        if (event.timeToLiveMillis() > 0) {
            message.setExpiration(message.getTimestamp() + event.timeToLiveMillis());
        }
        message.setPriority(DEFAULT_PRIORITY);
        // The JMSMessageID a consumer sees.
        message.setUserID(UUIDGenerator.getInstance().generateUUID());
        for (Map.Entry<String, Object> property : event.properties().entrySet()) {
            message.putObjectProperty(property.getKey(), property.getValue());
        }
        if (event.duplicateId() != null) {
            message.putBytesProperty(Message.HDR_DUPLICATE_DETECTION_ID, event.duplicateId());
        }
        return message;
    }
}
