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
        int inVmId,
        String tcpUser,
        String tcpPassword,
        String tcpUserRole) {

    /** Without a TCP user: for a broker whose TCP port stays closed. */
    public BrokerSettings(String dataDir, int tcpPort, int idCacheSize, long globalMaxSizeBytes, int maxDiskUsagePercent,
            int journalBufferTimeoutNanos, int maxDeliveryAttempts, String stagingQueue, String deadLetterQueue,
            String expiryQueue, String deliveryPrefix, int deliveryMaxRedeliveries, long deliveryInitialDelayMs,
            double deliveryBackoffMultiplier, long deliveryMaxDelayMs, int inVmId) {
        this(dataDir, tcpPort, idCacheSize, globalMaxSizeBytes, maxDiskUsagePercent, journalBufferTimeoutNanos,
                maxDeliveryAttempts, stagingQueue, deadLetterQueue, expiryQueue, deliveryPrefix, deliveryMaxRedeliveries,
                deliveryInitialDelayMs, deliveryBackoffMultiplier, deliveryMaxDelayMs, inVmId, null, null, null);
    }

    /** Hides the TCP password, so that logging the settings never logs it. */
    @Override
    public String toString() {
        return "BrokerSettings[dataDir=" + dataDir + ", tcpPort=" + tcpPort + ", tcpUser=" + tcpUser
                + ", tcpUserRole=" + tcpUserRole + ", inVmId=" + inVmId + "]";
    }
}
