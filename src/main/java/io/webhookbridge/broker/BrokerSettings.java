package io.webhookbridge.broker;

import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * The settings of the embedded broker, each field bound from the property named above it (see
 * config/application.properties, where every one is described). Made by {@link #from(CamelContext)}.
 */
public final class BrokerSettings {

    @PropertyInject("bridge.data.dir")
    private String dataDir;

    @PropertyInject("bridge.broker.port")
    private int tcpPort;
    @PropertyInject(value = "bridge.broker.user", defaultValue = "")
    private String tcpUser;
    @PropertyInject(value = "bridge.broker.password", defaultValue = "")
    private String tcpPassword;
    @PropertyInject(value = "bridge.broker.user-role", defaultValue = "read")
    private String tcpUserRole;
    @PropertyInject(value = "bridge.broker.vm-id", defaultValue = "0")
    private int inVmId;
    @PropertyInject("bridge.broker.id-cache-size")
    private int idCacheSize;
    @PropertyInject("bridge.broker.global-max-size-bytes")
    private long globalMaxSizeBytes;
    @PropertyInject("bridge.broker.max-disk-usage-percent")
    private int maxDiskUsagePercent;
    @PropertyInject("bridge.broker.journal-buffer-timeout-ns")
    private int journalBufferTimeoutNanos;
    @PropertyInject("bridge.broker.max-delivery-attempts")
    private int maxDeliveryAttempts;

    @PropertyInject("bridge.queue.staging")
    private String stagingQueue;
    @PropertyInject("bridge.queue.dead-letter")
    private String deadLetterQueue;
    @PropertyInject("bridge.queue.expiry")
    private String expiryQueue;
    @PropertyInject("bridge.queue.delivery-prefix")
    private String deliveryPrefix;

    @PropertyInject("bridge.delivery.max-redeliveries")
    private int deliveryMaxRedeliveries;
    @PropertyInject("bridge.delivery.initial-delay-ms")
    private long deliveryInitialDelayMs;
    @PropertyInject("bridge.delivery.backoff-multiplier")
    private double deliveryBackoffMultiplier;
    @PropertyInject("bridge.delivery.max-delay-ms")
    private long deliveryMaxDelayMs;

    /** The settings as the context's properties give them (placeholders, environment variables and overrides applied). */
    public static BrokerSettings from(CamelContext context) {
        return context.getInjector().newInstance(BrokerSettings.class);
    }

    public String dataDir() {
        return dataDir;
    }

    public int tcpPort() {
        return tcpPort;
    }

    public String tcpUser() {
        return tcpUser;
    }

    public String tcpPassword() {
        return tcpPassword;
    }

    public String tcpUserRole() {
        return tcpUserRole;
    }

    public int inVmId() {
        return inVmId;
    }

    public int idCacheSize() {
        return idCacheSize;
    }

    public long globalMaxSizeBytes() {
        return globalMaxSizeBytes;
    }

    public int maxDiskUsagePercent() {
        return maxDiskUsagePercent;
    }

    public int journalBufferTimeoutNanos() {
        return journalBufferTimeoutNanos;
    }

    public int maxDeliveryAttempts() {
        return maxDeliveryAttempts;
    }

    public String stagingQueue() {
        return stagingQueue;
    }

    public String deadLetterQueue() {
        return deadLetterQueue;
    }

    public String expiryQueue() {
        return expiryQueue;
    }

    public String deliveryPrefix() {
        return deliveryPrefix;
    }

    public int deliveryMaxRedeliveries() {
        return deliveryMaxRedeliveries;
    }

    public long deliveryInitialDelayMs() {
        return deliveryInitialDelayMs;
    }

    public double deliveryBackoffMultiplier() {
        return deliveryBackoffMultiplier;
    }

    public long deliveryMaxDelayMs() {
        return deliveryMaxDelayMs;
    }

    /** Hides the TCP password, so that logging the settings never logs it. */
    @Override
    public String toString() {
        return "BrokerSettings[dataDir=" + dataDir + ", tcpPort=" + tcpPort + ", tcpUser=" + tcpUser
                + ", tcpUserRole=" + tcpUserRole + ", inVmId=" + inVmId + "]";
    }
}
