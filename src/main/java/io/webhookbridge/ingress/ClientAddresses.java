package io.webhookbridge.ingress;

import java.net.InetAddress;
import java.util.List;

import io.netty.util.NetUtil;
import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import io.webhookbridge.signature.AddressRanges;

/**
 * Which address a request came from: the TCP peer, or, when the peer is a trusted proxy (a load balancer), the
 * address that proxy saw, taken from {@code X-Forwarded-For}. The header is read from the right, because each proxy
 * appends the address it saw and only what trusted proxies appended can be believed: the answer is the right-most
 * entry that is not itself a trusted proxy. The walk stops at an entry that is not a literal IP address (nothing
 * left of it can be believed), answering the last address it could vouch for; a header longer than any real chain
 * is ignored. Addresses are parsed as literals only, never looked up in DNS.
 */
final class ClientAddresses {

    static final String FORWARDED_FOR = "X-Forwarded-For";
    /** Dozens of hops of IPv6; a longer header is not a real proxy chain and is not parsed. */
    static final int MAX_FORWARDED_FOR_CHARS = 1024;

    private final AddressRanges trustedProxies;

    ClientAddresses(AddressRanges trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /** The TCP peer of a connection, or null when it has no IP address. */
    static InetAddress peer(SocketAddress remote) {
        String ip = remote == null ? null : remote.hostAddress();
        return ip == null ? null : NetUtil.createInetAddressFromIpAddressString(ip);
    }

    /** The client address of a request from this peer; its {@code X-Forwarded-For} is read only for a trusted peer. */
    InetAddress resolve(InetAddress peer, MultiMap headers) {
        if (peer == null || !trustedProxies.contains(peer)) {
            return peer;
        }
        return resolve(peer, headers.getAll(FORWARDED_FOR));
    }

    /**
     * @param peer the TCP peer
     * @param forwardedFor every {@code X-Forwarded-For} header of the request, in order (several are one list)
     */
    InetAddress resolve(InetAddress peer, List<String> forwardedFor) {
        if (peer == null || forwardedFor.isEmpty() || !trustedProxies.contains(peer)) {
            return peer;
        }
        int length = forwardedFor.size() - 1;
        for (String header : forwardedFor) {
            length += header.length();
        }
        if (length > MAX_FORWARDED_FOR_CHARS) {
            return peer;
        }
        String[] hops = String.join(",", forwardedFor).split(",", -1);
        InetAddress client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop = literal(hops[i].trim());
            if (hop == null) {
                return client;
            }
            client = hop;
            if (!trustedProxies.contains(hop)) {
                return hop;
            }
        }
        // Every hop was a trusted proxy: the left-most is the nearest to the client there is.
        return client;
    }

    /** An IP literal, as proxies write it: {@code 192.0.2.1}, {@code 2001:db8::1}, optionally with a port. */
    static InetAddress literal(String entry) {
        String ip = entry;
        if (ip.startsWith("[")) {
            int close = ip.indexOf(']');
            if (close < 0) {
                return null;
            }
            ip = ip.substring(1, close);
        } else {
            int colon = ip.indexOf(':');
            if (colon > 0 && colon == ip.lastIndexOf(':')) {
                // Only IPv4 with a port has exactly one colon.
                ip = ip.substring(0, colon);
            }
        }
        return ip.isEmpty() ? null : NetUtil.createInetAddressFromIpAddressString(ip);
    }
}
