package io.webhookbridge.sms;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.webhookbridge.event.MalformedRequestException;
import io.webhookbridge.event.StrictUtf8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;

/**
 * The flat name/value parameters of an SMS API webhook (inbound SMS or delivery receipt), from whichever of
 * the three encodings the account's "Webhook format" chose: GET query, POST form, POST JSON.
 * <p>
 * Order is kept as received; a repeated name keeps its <b>first</b> value (Vonage never repeats a name, and
 * "first wins" is the servlet convention). Parsing is bounded to {@link #MAX_PARAMETERS} name/value pairs
 * (repeats count), so a hostile request cannot make us build an unbounded map.
 * Error reasons are short and never contain parameter names or values (they may be PII).
 */
public final class SmsParameters {

    /** Vonage sends fewer than 20; anything near this is not a Vonage webhook. */
    public static final int MAX_PARAMETERS = 100;

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";

    // Parser-only factory: thread-safe, and the defaults already reject comments, NaN, trailing commas.
    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private SmsParameters() {
    }

    /**
     * @param httpMethod  GET or POST (case-insensitive)
     * @param contentType the request's Content-Type, used for POST only
     * @param rawQuery    the still percent-encoded query string (without '?'), used for GET only; may be null
     * @param body        the raw request body, used for POST only; may be null
     */
    public static LinkedHashMap<String, String> parse(String httpMethod, String contentType, String rawQuery, byte[] body)
            throws MalformedRequestException {
        String method = httpMethod == null ? "" : httpMethod.trim().toUpperCase(Locale.ROOT);
        if (method.equals("GET")) {
            // Vonage: never mix query and body; for GET only the query counts.
            return parseForm(rawQuery == null ? new byte[0] : rawQuery.getBytes(StandardCharsets.UTF_8));
        }
        if (!method.equals("POST")) {
            throw new MalformedRequestException("unsupported HTTP method");
        }
        byte[] bytes = body == null ? new byte[0] : body;
        String mediaType = mediaType(contentType);
        if (mediaType.equals(FORM)) {
            // The query of a POST is ignored on purpose: only the body is what Vonage signed.
            return parseForm(bytes);
        }
        if (mediaType.equals(JSON)) {
            return parseJson(bytes);
        }
        throw new MalformedRequestException("unsupported content type");
    }

    /** "Application/JSON; charset=UTF-8" -> "application/json"; parameters (charset etc.) are ignored. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        String type = semi < 0 ? contentType : contentType.substring(0, semi);
        return type.trim().toLowerCase(Locale.ROOT);
    }

    // ---- application/x-www-form-urlencoded (also the GET query) ----

    private static LinkedHashMap<String, String> parseForm(byte[] bytes) throws MalformedRequestException {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        int pairs = 0;
        int start = 0;
        while (start <= bytes.length) {
            int end = indexOf(bytes, (byte) '&', start);
            if (end < 0) {
                end = bytes.length;
            }
            if (end > start) { // "a=1&&b=2" and a trailing '&' are harmless: skip empty segments
                if (++pairs > MAX_PARAMETERS) {
                    throw new MalformedRequestException("too many parameters");
                }
                int eq = indexOf(bytes, (byte) '=', start, end);
                String name = decode(bytes, start, eq < 0 ? end : eq);
                String value = eq < 0 ? "" : decode(bytes, eq + 1, end);
                if (name.isEmpty()) {
                    throw new MalformedRequestException("empty parameter name");
                }
                out.putIfAbsent(name, value);
            }
            start = end + 1;
        }
        return out;
    }

    /** Percent-decoding with '+' as space, then strict UTF-8: bad escapes or bad UTF-8 are rejected, not guessed. */
    private static String decode(byte[] bytes, int from, int to) throws MalformedRequestException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '+') {
                buf.write(' ');
            } else if (b == '%') {
                if (i + 2 >= to) { // needs two hex digits inside this name or value
                    throw new MalformedRequestException("malformed percent-encoding");
                }
                int hi = Character.digit(bytes[i + 1], 16);
                int lo = Character.digit(bytes[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw new MalformedRequestException("malformed percent-encoding");
                }
                buf.write((hi << 4) | lo);
                i += 2;
            } else {
                buf.write(b);
            }
        }
        try {
            return StrictUtf8.decode(buf.toByteArray());
        } catch (CharacterCodingException e) {
            throw new MalformedRequestException("invalid UTF-8 in parameter");
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        return indexOf(bytes, b, from, bytes.length);
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    // ---- application/json ----

    /**
     * Streaming rather than a tree: it lets "first wins" apply to repeated keys (a tree keeps the last), keeps
     * number literals exactly as sent, and stops at the parameter bound. The body must be UTF-8 (what Vonage sends), and is
     * decoded strictly before it is parsed.
     */
    private static LinkedHashMap<String, String> parseJson(byte[] bytes) throws MalformedRequestException {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        String text;
        try {
            text = StrictUtf8.decode(bytes);
        } catch (CharacterCodingException e) {
            throw new MalformedRequestException("invalid UTF-8 in JSON body");
        }
        try (JsonParser p = JSON_FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedRequestException("JSON body is not an object");
            }
            int pairs = 0;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                if (++pairs > MAX_PARAMETERS) {
                    throw new MalformedRequestException("too many parameters");
                }
                String name = p.currentName();
                String value = scalar(p.nextToken(), p);
                if (name.isEmpty()) {
                    throw new MalformedRequestException("empty parameter name");
                }
                out.putIfAbsent(name, value);
            }
            if (t != JsonToken.END_OBJECT) {
                throw new MalformedRequestException("malformed JSON");
            }
            if (p.nextToken() != null) {
                throw new MalformedRequestException("trailing content after JSON object");
            }
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the input: keep only our own short reason.
            throw new MalformedRequestException("malformed JSON");
        } catch (IOException e) {
            throw new MalformedRequestException("unreadable JSON");
        }
        return out;
    }

    /** All values become strings, as Vonage sends them; numbers keep their literal text. */
    private static String scalar(JsonToken t, JsonParser p) throws IOException, MalformedRequestException {
        if (t == null) {
            throw new MalformedRequestException("malformed JSON");
        }
        switch (t) {
            case VALUE_STRING:
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getText();
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case VALUE_NULL:
                throw new MalformedRequestException("null value in JSON body");
            case START_OBJECT:
            case START_ARRAY:
                throw new MalformedRequestException("nested value in JSON body");
            default:
                throw new MalformedRequestException("malformed JSON");
        }
    }
}
