package io.webhookbridge.sms;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmsSignatureMethodTest {

    @Test
    void parsesConfigNamesCaseInsensitively() {
        assertEquals(SmsSignatureMethod.MD5HASH, SmsSignatureMethod.fromConfig("md5hash"));
        assertEquals(SmsSignatureMethod.MD5, SmsSignatureMethod.fromConfig("MD5"));
        assertEquals(SmsSignatureMethod.SHA1, SmsSignatureMethod.fromConfig(" Sha1 "));
        assertEquals(SmsSignatureMethod.SHA256, SmsSignatureMethod.fromConfig("SHA256"));
        assertEquals(SmsSignatureMethod.SHA512, SmsSignatureMethod.fromConfig("sha512"));
    }

    @Test
    void unknownValueListsAllowedValuesWithoutEchoingIt() {
        for (String bad : new String[] {"hmac-sha256", "", null, "TestSignatureSecret123"}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> SmsSignatureMethod.fromConfig(bad));
            assertTrue(e.getMessage().contains("md5hash, md5, sha1, sha256, sha512"), e.getMessage());
            assertFalse(bad != null && !bad.isEmpty() && e.getMessage().contains(bad));
        }
    }
}
