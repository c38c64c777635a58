package io.webhookbridge.observe;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.rewrite.RewritePolicy;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;

/**
 * The logs' safety net (log4j2 rewrite policy {@code <MaskSensitiveText/>}): the bridge never logs phone numbers or
 * message texts, and this masks them anyway should a message ever carry one. A run of 7 or more digits standing alone
 * (a phone number, {@code 447700900123} or {@code +447700900123}) becomes {@code ***}; digits inside a word or an id
 * ({@code 0A0000000123ABCD}, a message_uuid's groups) and quantities with a unit ({@code 268435456 bytes}) are kept,
 * so that lines stay traceable. The values of the JSON fields and form parameters that carry what people wrote
 * ({@code text}, {@code caption}, {@code keyword}) become {@code ***}. Only a line's message is rewritten, before any
 * layout, so text and JSON lines are masked alike; an exception's own message is not (the bridge's exceptions carry
 * no payload data).
 */
@Plugin(name = "MaskSensitiveText", category = Core.CATEGORY_NAME, elementType = "rewritePolicy", printObject = true)
public final class MaskSensitiveText implements RewritePolicy {

    static final String MASK = "***";
    /** Not a quantity with its unit ({@code 268435456 bytes}), which the bridge's own messages carry. */
    private static final Pattern DIGIT_RUN = Pattern.compile(
            "(?<![A-Za-z0-9_\\-.])\\+?[0-9]{7,}(?![A-Za-z0-9_\\-]| ?(?:bytes|ms|s)\\b)");
    private static final Pattern JSON_TEXT = Pattern.compile(
            "(\"(?:text|caption|keyword)\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*(\"?)");
    private static final Pattern FORM_TEXT = Pattern.compile("(?<![A-Za-z0-9_])((?:text|caption|keyword)=)[^&\\s\"]*");

    @PluginFactory
    public static MaskSensitiveText create() {
        return new MaskSensitiveText();
    }

    @Override
    public LogEvent rewrite(LogEvent event) {
        String message = event.getMessage().getFormattedMessage();
        String masked = mask(message);
        if (masked == message) {
            return event;
        }
        return new Log4jLogEvent.Builder(event).setMessage(new SimpleMessage(masked)).build();
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
}
