package io.webhookbridge.signature;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;

/**
 * A list of IPv4 and IPv6 address ranges in CIDR form ({@code 10.0.0.0/8, 2001:db8::/32, 192.0.2.7}), as an operator
 * writes them in one property. Matching is Netty's {@link IpSubnetFilterRule}; an empty list matches nothing.
 */
public final class AddressRanges {

    private final List<IpSubnetFilterRule> rules;
    private final String text;

    private AddressRanges(List<IpSubnetFilterRule> rules, String text) {
        this.rules = rules;
        this.text = text;
    }

    /** Parses a comma-separated list; a bare address is a range of one. Refuses anything else at start-up. */
    public static AddressRanges parse(String value) {
        List<IpSubnetFilterRule> rules = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        if (value != null) {
            for (String raw : value.split(",")) {
                String part = raw.trim();
                if (part.isEmpty()) {
                    continue;
                }
                int slash = part.indexOf('/');
                String address = slash < 0 ? part : part.substring(0, slash);
                if (!address.matches("[0-9A-Fa-f:.]+")) {
                    // Only literal addresses: a host name here would mean a DNS lookup at start-up.
                    throw new IllegalArgumentException("not an IP address or CIDR range: " + part);
                }
                int bits;
                try {
                    bits = slash < 0 ? (address.contains(":") ? 128 : 32) : Integer.parseInt(part.substring(slash + 1));
                    rules.add(new IpSubnetFilterRule(address, bits, IpFilterRuleType.ACCEPT));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("not an IP address or CIDR range: " + part);
                }
                parts.add(part);
            }
        }
        return new AddressRanges(List.copyOf(rules), String.join(",", parts));
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    public boolean contains(InetAddress address) {
        if (address == null || rules.isEmpty()) {
            return false;
        }
        InetSocketAddress socket = new InetSocketAddress(address, 0);
        for (IpSubnetFilterRule rule : rules) {
            if (rule.matches(socket)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
