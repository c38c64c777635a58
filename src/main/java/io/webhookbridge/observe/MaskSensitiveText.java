package io.webhookbridge.observe;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.rewrite.RewritePolicy;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.SimpleMessage;

/**
 * The logs' safety net (log4j2 rewrite policy {@code <MaskSensitiveText/>}): the bridge never logs phone numbers or
 * message texts, and this masks them anyway should a message ever carry one. A run of 7 or more digits standing alone
 * (a phone number, {@code 447700900123} or {@code +447700900123}) becomes {@code ***}; digits inside a word or an id
 * ({@code 0A0000000123ABCD}, a message_uuid's groups) and quantities with a unit ({@code 268435456 bytes}) are kept,
 * so that lines stay traceable. The values of the JSON fields and form parameters that carry what people wrote
 * ({@code text}, {@code caption}, {@code keyword}; in JSON also {@code title}, {@code description}, {@code payload} of
 * WhatsApp replies and buttons and {@code name} of a profile) become {@code ***}.
 *
 * <p>The event is rewritten before any layout, so text and JSON lines are masked alike: its message, and its
 * exception when a message or {@code toString()} in the exception's chain (causes, suppressed) carries something to
 * mask. log4j's layouts render {@link LogEvent#getThrown()} itself (not the thrown proxy, since 2.24), so such an
 * exception is replaced by a {@link MaskedThrowable} copy: the same stack traces and chain, masked texts. Only the
 * copy's class differs; the JSON layout's {@code error.type} takes the original's name from it
 * ({@link ExceptionClassNameResolverFactory}).
 */
@Plugin(name = "MaskSensitiveText", category = Core.CATEGORY_NAME, elementType = "rewritePolicy", printObject = true)
public final class MaskSensitiveText implements RewritePolicy {

    static final String MASK = "***";
    /** Not a quantity with its unit ({@code 268435456 bytes}), which the bridge's own messages carry. */
    private static final Pattern DIGIT_RUN = Pattern.compile(
            "(?<![A-Za-z0-9_\\-.])\\+?[0-9]{7,}(?![A-Za-z0-9_\\-]| ?(?:bytes|ms|s)\\b)");
    private static final Pattern JSON_TEXT = Pattern.compile(
            "(\"(?:text|caption|keyword|title|description|payload|name)\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*(\"?)");
    private static final Pattern FORM_TEXT = Pattern.compile("(?<![A-Za-z0-9_])((?:text|caption|keyword)=)[^&\\s\"]*");

    @PluginFactory
    public static MaskSensitiveText create() {
        return new MaskSensitiveText();
    }

    @Override
    public LogEvent rewrite(LogEvent event) {
        Message message = event.getMessage();
        String text = message.getFormattedMessage();
        String maskedText = mask(text);
        Throwable thrown = event.getThrown();
        Throwable maskedThrown = thrown == null ? null : MaskedThrowable.of(thrown);
        if (maskedText == text && maskedThrown == thrown) {
            return event;
        }
        return new Log4jLogEvent.Builder(event)
                .setMessage(maskedText == text ? message : new SimpleMessage(maskedText))
                .setThrown(maskedThrown)
                .build();
    }

    /** The text with phone numbers and message texts masked; the same instance when there was nothing to mask. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = replace(JSON_TEXT, text, "$1" + MASK + "$2");
        masked = replace(FORM_TEXT, masked, "$1" + MASK);
        return replace(DIGIT_RUN, masked, MASK);
    }

    private static String replace(Pattern pattern, String text, String replacement) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.replaceAll(replacement) : text;
    }

    /**
     * An exception's masked stand-in: {@code toString()} and the message are the original's, masked; the stack trace,
     * the cause and the suppressed exceptions are the original's (masked copies where they need it too), so a stack
     * trace prints as the original's would. {@link #classNameOf} gives the original's class.
     */
    static final class MaskedThrowable extends Throwable {

        private static final long serialVersionUID = 1L;

        private final String className;
        private final String text;

        private MaskedThrowable(Throwable original) {
            super(mask(original.getMessage()));
            this.className = original instanceof MaskedThrowable masked ? masked.className : classNameOf(original);
            this.text = mask(original.toString());
            setStackTrace(original.getStackTrace());
        }

        /** The exception itself when nothing in its chain has anything to mask, else its masked copy. */
        static Throwable of(Throwable thrown) {
            Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            return carriesSensitiveText(thrown, seen) ? copy(thrown, new IdentityHashMap<>()) : thrown;
        }

        /**
         * The name the JSON layout's {@code error.type} gives an exception: its class's canonical name (log4j's
         * {@code exception} resolver), or its binary name for a class that has none; the original's for a copy.
         */
        static String classNameOf(Throwable thrown) {
            if (thrown instanceof MaskedThrowable masked) {
                return masked.className;
            }
            String canonical = thrown.getClass().getCanonicalName();
            return canonical != null ? canonical : thrown.getClass().getName();
        }

        @Override
        public String toString() {
            return text;
        }

        /** Its stack trace is the original's, set in the constructor: none of its own to record. */
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }

        private static boolean carriesSensitiveText(Throwable thrown, Set<Throwable> seen) {
            // A set, because a chain may loop back (an exception may be its cause's suppressed one).
            if (thrown == null || !seen.add(thrown)) {
                return false;
            }
            String text = thrown.toString();
            String message = thrown.getMessage();
            if (mask(text) != text || (message != null && mask(message) != message)
                    || carriesSensitiveText(thrown.getCause(), seen)) {
                return true;
            }
            for (Throwable suppressed : thrown.getSuppressed()) {
                if (carriesSensitiveText(suppressed, seen)) {
                    return true;
                }
            }
            return false;
        }

        private static Throwable copy(Throwable original, Map<Throwable, Throwable> copies) {
            Throwable done = copies.get(original);
            if (done != null) {
                return done;
            }
            MaskedThrowable copy = new MaskedThrowable(original);
            // Registered before its chain is copied, so that a loop in the chain ends at this copy.
            copies.put(original, copy);
            Throwable cause = original.getCause();
            if (cause != null) {
                copy.initCause(copy(cause, copies));
            }
            for (Throwable suppressed : original.getSuppressed()) {
                copy.addSuppressed(copy(suppressed, copies));
            }
            return copy;
        }
    }
}
