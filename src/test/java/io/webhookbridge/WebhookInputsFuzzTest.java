package io.webhookbridge;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.webhookbridge.messages.MessagesClassifierFuzz;
import io.webhookbridge.messages.MessagesJwtVerifierFuzz;
import io.webhookbridge.sms.SmsClassifierFuzz;
import io.webhookbridge.sms.SmsParametersFuzz;

/**
 * The fuzz tests of the code that reads untrusted bytes before a signature is proven (Jazzer, docs/fuzzing.md). Each
 * target's input layout, what it accepts and what it checks are in its class.
 * <p>
 * In {@code mvn test} each runs once per seed in {@code WebhookInputsFuzzTestInputs/<method>/} (regression mode). With
 * {@code JAZZER_FUZZ=1} Jazzer fuzzes one of them per JVM: {@code .ci/fuzz} runs them one Maven invocation each. They
 * share one class so that regression mode starts the JVM and Jazzer's agent once, not four times.
 */
class WebhookInputsFuzzTest {

    @FuzzTest(maxDuration = "25s")
    void smsParameters(byte[] data) throws Exception {
        SmsParametersFuzz.parse(data);
    }

    @FuzzTest(maxDuration = "25s")
    void smsClassifier(byte[] data) throws Exception {
        SmsClassifierFuzz.classify(data);
    }

    @FuzzTest(maxDuration = "25s")
    void messagesJwt(byte[] data) throws Exception {
        MessagesJwtVerifierFuzz.verify(data);
    }

    @FuzzTest(maxDuration = "25s")
    void messagesClassifier(byte[] data) throws Exception {
        MessagesClassifierFuzz.classify(data);
    }
}
