package io.webhookbridge.dispatch;

import java.util.HashMap;
import java.util.Map;

/**
 * The delivery rate limit of each target that sets one ({@code bridge.target.<name>.rate-limit} or
 * {@code BRIDGE_TARGET_<NAME>_RATE_LIMIT}, deliveries per second), by target id: it applies to every URI of that
 * target. The others get {@code bridge.delivery.rate-limit} (0: none). An unusable value stops the start.
 */
final class TargetRateLimits {

    private final Map<String, Integer> byId;
    private final int otherwise;

    private TargetRateLimits(Map<String, Integer> byId, int otherwise) {
        this.byId = byId;
        this.otherwise = otherwise;
    }

    static TargetRateLimits of(TargetSettings settings, int otherwise) {
        Map<String, Integer> byId = new HashMap<>();
        settings.settings().forEach((name, set) -> {
            TargetSettings.Setting limit = set.get(TargetSettingKeys.RATE_LIMIT);
            if (limit == null) {
                return;
            }
            TargetSettings.Named target = settings.targets().get(name);
            if (target == null) {
                throw new IllegalArgumentException(limit.source() + " is set, but no target "
                        + ConfiguredTargets.ENVIRONMENT_PREFIX + name + " is configured");
            }
            if (!limit.value().matches("[0-9]{1,6}") || Integer.parseInt(limit.value()) < 1) {
                throw new IllegalArgumentException(limit.source() + ": deliveries per second, a whole number from 1 to "
                        + "999999");
            }
            for (String uri : target.uris().split(",")) {
                if (!uri.isBlank()) {
                    byId.put(new TargetUri(uri.trim()).id(), Integer.parseInt(limit.value()));
                }
            }
        });
        return new TargetRateLimits(byId, Math.max(0, otherwise));
    }

    /** Deliveries per second at most for this target, 0 for no limit. */
    int of(TargetUri target) {
        return byId.getOrDefault(target.id(), otherwise);
    }

    /** Whether this target has a limit of its own. */
    boolean setFor(TargetUri target) {
        return byId.containsKey(target.id());
    }
}
