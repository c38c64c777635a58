package io.webhookbridge.broker;

/** The {@code bridge.broker.*} settings of the embedded broker; see config/application.properties. */
public record BrokerSettings(
        String dataDir,
        int tcpPort,
        int idCacheSize,
        long globalMaxSizeBytes,
        int maxDiskUsagePercent,
        int journalBufferTimeoutNanos,
        int maxDeliveryAttempts,
        String stagingQueue,
        String deadLetterQueue,
        String expiryQueue,
        String deliveryPrefix,
        int deliveryMaxRedeliveries,
        long deliveryInitialDelayMs,
        double deliveryBackoffMultiplier,
        long deliveryMaxDelayMs,
        int inVmId) {
}
