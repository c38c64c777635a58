package io.webhookbridge.ingress;

import java.net.InetAddress;
import java.util.List;

import io.webhookbridge.signature.AddressRanges;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ClientAddressesTest {

    private static final ClientAddresses BEHIND_PROXIES = new ClientAddresses(AddressRanges.parse("10.0.0.0/8, 2001:db8::/32"));

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    private static InetAddress fromProxy(String... forwardedFor) throws Exception {
        return BEHIND_PROXIES.resolve(ip("10.1.2.3"), List.of(forwardedFor));
    }

    @Test
    void aTrustedProxysForwardedAddressIsTheRightMostThatIsNotATrustedProxy() throws Exception {
        assertEquals(ip("203.0.113.9"), fromProxy("203.0.113.9"));
        // The left-most entries are whatever the client wrote: only what the proxies appended counts.
        assertEquals(ip("203.0.113.9"), fromProxy("198.51.100.1, 203.0.113.9"));
        assertEquals(ip("203.0.113.9"), fromProxy("198.51.100.1, 203.0.113.9, 10.9.9.9"));
        // Several headers are one list, in order.
        assertEquals(ip("203.0.113.9"), fromProxy("198.51.100.1", "203.0.113.9, 10.9.9.9"));
        assertEquals(ip("2001:db9::5"), fromProxy("2001:db9::5, 2001:db8::1"));
    }

    @Test
    void portsAndBracketsAsProxiesWriteThem() throws Exception {
        assertEquals(ip("203.0.113.9"), fromProxy("203.0.113.9:51234"));
        assertEquals(ip("2001:db9::5"), fromProxy("[2001:db9::5]:443"));
        assertEquals(ip("2001:db9::5"), fromProxy("[2001:db9::5]"));
    }

    @Test
    void theWalkStopsAtAnythingThatIsNotAnAddress() throws Exception {
        // Never a DNS lookup: a name is not an address.
        assertEquals(ip("10.1.2.3"), fromProxy("localhost"));
        assertEquals(ip("10.1.2.3"), fromProxy("unknown"));
        assertEquals(ip("10.1.2.3"), fromProxy(""));
        assertEquals(ip("10.1.2.3"), fromProxy("203.0.113.9, 10.0.0.1 garbage"));
        // The last address it could vouch for: here a trusted proxy behind the broken entry.
        assertEquals(ip("10.0.0.7"), fromProxy("203.0.113.9, junk, 10.0.0.7"));
        // Every hop a trusted proxy: the left-most.
        assertEquals(ip("10.0.0.5"), fromProxy("10.0.0.5, 10.0.0.6"));
    }

    @Test
    void anOverLongHeaderIsIgnored() throws Exception {
        String longChain = "198.51.100.1, ".repeat(100) + "203.0.113.9";
        assertEquals(ip("10.1.2.3"), fromProxy(longChain));
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() throws Exception {
        assertEquals(ip("198.51.100.1"), BEHIND_PROXIES.resolve(ip("198.51.100.1"), List.of("203.0.113.9")));
        ClientAddresses noProxies = new ClientAddresses(AddressRanges.parse(""));
        assertEquals(ip("10.1.2.3"), noProxies.resolve(ip("10.1.2.3"), List.of("203.0.113.9")));
        assertNull(noProxies.resolve(null, List.of("203.0.113.9")));
    }
}
