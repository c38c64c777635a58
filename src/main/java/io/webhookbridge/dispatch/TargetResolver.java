package io.webhookbridge.dispatch;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.webhookbridge.event.EventHeaders;
import io.webhookbridge.event.SafeText;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.ExpressionAdapter;

/**
 * The configured targets of an event, from the {@code bridge.target.*} keys (each overridable by its
 * environment variable, e.g. {@code bridge.target.inbound.whatsapp} by {@code BRIDGE_TARGET_INBOUND_WHATSAPP}):
 * the most specific key that is set wins, falling back to the kind's target.
 * <ul>
 * <li>inbound message: {@code bridge.target.inbound.<channel>}, then {@code bridge.target.inbound}</li>
 * <li>message status: {@code bridge.target.status.<status>}, then {@code bridge.target.status}</li>
 * <li>inbound SMS: {@code bridge.target.inbound.sms}, then {@code bridge.target.inbound}</li>
 * <li>delivery receipt: {@code bridge.target.delivery.receipt.<status>}, then
 * {@code bridge.target.delivery.receipt}, then {@code bridge.target.status}</li>
 * </ul>
 * An expression (used as {@code ref: targetResolver}), so each event costs a map lookup, not a bean-method call.
 * The channel and status come from the payload, so the memo of answers is bounded: past {@link #MAX_CACHED}
 * combinations each is resolved afresh (a few property lookups) instead of growing the heap.
 */
public final class TargetResolver extends ExpressionAdapter {

    /** Far more kind, channel and status combinations than Vonage has. */
    static final int MAX_CACHED = 1024;

    private final CamelContext context;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public TargetResolver(CamelContext context) {
        this.context = context;
    }

    @Override
    public Object evaluate(Exchange exchange) {
        String kind = exchange.getMessage().getHeader(EventHeaders.KIND, String.class);
        String channel = exchange.getMessage().getHeader(EventHeaders.CHANNEL, String.class);
        String status = exchange.getMessage().getHeader(EventHeaders.STATUS, String.class);
        return targets(kind, channel, status);
    }

    public String targets(String kind, String channel, String status) {
        String cacheKey = kind + "|" + channel + "|" + status;
        String cached = cache.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        String resolved = resolve(kind, channel, status);
        if (cache.size() < MAX_CACHED) {
            cache.putIfAbsent(cacheKey, resolved);
        }
        return resolved;
    }

    int cachedCombinations() {
        return cache.size();
    }

    private String resolve(String kind, String channel, String status) {
        if (kind == null) {
            throw new IllegalArgumentException("event without " + EventHeaders.KIND);
        }
        return switch (kind) {
            case EventHeaders.KIND_INBOUND_MESSAGE -> first("bridge.target.inbound." + keyPart(channel), "bridge.target.inbound");
            case EventHeaders.KIND_MESSAGE_STATUS -> first("bridge.target.status." + keyPart(status), "bridge.target.status");
            case EventHeaders.KIND_INBOUND_SMS -> first("bridge.target.inbound.sms", "bridge.target.inbound");
            case EventHeaders.KIND_DELIVERY_RECEIPT -> first("bridge.target.delivery.receipt." + keyPart(status),
                    "bridge.target.delivery.receipt", "bridge.target.status");
            default -> throw new IllegalArgumentException("unknown event kind " + kind);
        };
    }

    /** A payload value used in a property key: lower-case letters, digits and underscores only. */
    private static String keyPart(String value) {
        if (value == null || value.isEmpty()) {
            return "_none";
        }
        return SafeText.replaceUnsafe(value.toLowerCase(Locale.ROOT), "", '_', false, Integer.MAX_VALUE);
    }

    private String first(String... keys) {
        for (String key : keys) {
            // A channel or status such as "bearer_token" must not turn a target's credential into its target.
            if (TargetSettingKeys.isSetting(key)) {
                continue;
            }
            var value = context.getPropertiesComponent().resolveProperty(key);
            if (value.isPresent() && !value.get().isBlank()) {
                return value.get().trim();
            }
        }
        throw new IllegalStateException("no target configured for " + keys[keys.length - 1]);
    }
}
