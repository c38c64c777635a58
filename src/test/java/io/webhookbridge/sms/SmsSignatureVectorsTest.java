package io.webhookbridge.sms;

import static io.webhookbridge.sms.SmsSignatureVerifier.Result.SIGNED;
import static io.webhookbridge.sms.SmsSignatureVerifier.Result.SIGNED_WITHOUT_BLANKS;
import static io.webhookbridge.sms.SmsSignatureVerifier.Result.UNSIGNED;

import io.webhookbridge.signature.SignatureSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signature test vectors of Vonage's SMS signing (md5hash and the HMAC methods), verbatim. */
class SmsSignatureVectorsTest {

    static final String C1_QUERY_WITHOUT_SIG = "msisdn=447700900123&to=447700900456&messageId=1A00000012345678"
            + "&text=Hi%20%26%20welcome%3Dyes&type=text&keyword=HI&api-key=a1b2c3d4"
            + "&message-timestamp=2025-03-14%2009%3A26%3A53&timestamp=1741944413"
            + "&nonce=3f1c9a52-7d2e-4b8f-9a61-0c5e2d7b4a11";
    static final String C1_STRING_TO_SIGN = "&api-key=a1b2c3d4&keyword=HI&message-timestamp=2025-03-14 09:26:53"
            + "&messageId=1A00000012345678&msisdn=447700900123&nonce=3f1c9a52-7d2e-4b8f-9a61-0c5e2d7b4a11"
            + "&text=Hi _ welcome_yes&timestamp=1741944413&to=447700900456&type=text";

    static final String D1_QUERY = "msisdn=447700900123&to=AcmeShop&network-code=23410&messageId=1B00000098765432"
            + "&price=0.04210000&status=delivered&scts=2503140931&err-code=0&api-key=a1b2c3d4&client-ref=order-7781"
            + "&message-timestamp=2025-03-14%2009%3A31%3A07&timestamp=1741944667"
            + "&nonce=9d2c7e10-55aa-4c3b-8f4e-1b2a3c4d5e6f"
            + "&sig=E2174C14FA2BCCEAEC12A418D347E6F9B0F7F7B58B79F9BE80FE8BB9DB309E8B";
    static final String D1_STRING_TO_SIGN = "&api-key=a1b2c3d4&client-ref=order-7781&err-code=0"
            + "&message-timestamp=2025-03-14 09:31:07&messageId=1B00000098765432&msisdn=447700900123"
            + "&network-code=23410&nonce=9d2c7e10-55aa-4c3b-8f4e-1b2a3c4d5e6f&price=0.04210000&scts=2503140931"
            + "&status=delivered&timestamp=1741944667&to=AcmeShop";

    static SmsSignatureVerifier verifier(SmsSignatureMethod method, long nowEpochSecond) {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(nowEpochSecond), ZoneOffset.UTC);
        return new SmsSignatureVerifier(new SignatureSecrets(SmsTestSigning.SECRET, null), method, 300, 60, true, clock);
    }

    @Test
    void c1StringToSignMatchesSpec() throws Exception {
        LinkedHashMap<String, String> p = SmsParameters.parse("GET", null, C1_QUERY_WITHOUT_SIG + "&sig=x", null);
        assertEquals(C1_STRING_TO_SIGN, SmsSignatureVerifier.stringToSign(p, false));
        assertEquals(C1_STRING_TO_SIGN, SmsTestSigning.stringToSign(p, false)); // the test helper agrees
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "md5hash, e80ee3c006fe6c25b97efa3a9a1757b9",
            "md5,     0AC900F84B730643978F5F1EEDF23174",
            "sha1,    745008F39049DB32587C33C73B28015B68EE3AA5",
            "sha256,  21C56B17BA8DF3C1A068812A77DEDA63B0C50B89148227417B0061FCB84F3DC1",
            "sha512,  A6AA5111AE8E02B82AB0C14C9EC36AA78CE21FC10A3CA08825E49BEB8419EF45C9D121C0A99E15B1DC95B7325D3709F4308AC122CB517673819EE5B43906F9DD"
    })
    void c1VectorVerifies(String method, String sig) throws Exception {
        SmsSignatureMethod m = SmsSignatureMethod.fromConfig(method);
        assertEquals(sig.toLowerCase(), m.sign(C1_STRING_TO_SIGN, SmsTestSigning.SECRET));
        assertEquals(sig, SmsTestSigning.sign(method, C1_STRING_TO_SIGN, SmsTestSigning.SECRET));
        LinkedHashMap<String, String> p =
                SmsParameters.parse("GET", null, C1_QUERY_WITHOUT_SIG + "&sig=" + sig, new byte[0]);
        assertEquals(SIGNED, verifier(m, 1741944413L + 20).verify(p));
    }

    @Test
    void d1VectorVerifies() throws Exception {
        LinkedHashMap<String, String> p = SmsParameters.parse("GET", null, D1_QUERY, new byte[0]);
        assertEquals(D1_STRING_TO_SIGN, SmsSignatureVerifier.stringToSign(p, false));
        assertEquals(SIGNED, verifier(SmsSignatureMethod.SHA256, 1741944667L + 5).verify(p));
    }
}
