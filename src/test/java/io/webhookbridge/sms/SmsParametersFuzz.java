package io.webhookbridge.sms;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.webhookbridge.FuzzChecks;

/**
 * Fuzzes {@link SmsParameters#parse}: the first code to see an SMS webhook's bytes, before any signature is checked.
 * <p>
 * Input layout (readable seeds in {@code WebhookInputsFuzzTestInputs/}): the first byte picks what the bytes are,
 * <ul>
 *   <li>{@code Q}: a GET query as Vert.x hands it over (bytes as ISO-8859-1 chars, still percent-encoded);</li>
 *   <li>{@code U}: a GET query decoded as UTF-8 (so the parser sees non-Latin characters too);</li>
 *   <li>{@code F}: a POST form body; {@code J}: a POST JSON body;</li>
 *   <li>{@code C}: a POST with the Content-Type on the first line, the body after it;</li>
 *   <li>{@code M}: method, Content-Type and query on three lines, then the body.</li>
 * </ul>
 * Expected: a parameter map, or a declared refusal whose reason quotes nothing of the input. On success the map is
 * bounded, has no empty name, and survives re-encoding (form and JSON) unchanged: what we forward is what we read.
 */
public final class SmsParametersFuzz {

    private SmsParametersFuzz() {
    }


    /** One input; run by {@link io.webhookbridge.WebhookInputsFuzzTest}. */
    public static void parse(byte[] data) throws Exception {
        if (data.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(data, 1, data.length);
        String method;
        String contentType = null;
        String query = null;
        byte[] body = null;
        switch (data[0]) {
            case 'Q' -> {
                method = "GET";
                query = new String(rest, StandardCharsets.ISO_8859_1);
            }
            case 'U' -> {
                method = "GET";
                query = new String(rest, StandardCharsets.UTF_8);
            }
            case 'F' -> {
                method = "POST";
                contentType = "application/x-www-form-urlencoded";
                body = rest;
            }
            case 'J' -> {
                method = "POST";
                contentType = "application/json; charset=utf-8";
                body = rest;
            }
            case 'C' -> {
                Object[] l = FuzzChecks.lines(data, 1, 1);
                method = "POST";
                contentType = (String) l[0];
                body = (byte[]) l[1];
            }
            default -> {
                Object[] l = FuzzChecks.lines(data, 1, 3);
                method = (String) l[0];
                contentType = (String) l[1];
                query = ((String) l[2]).isEmpty() ? null : (String) l[2];
                body = (byte[]) l[3];
            }
        }

        LinkedHashMap<String, String> params;
        try {
            params = SmsParameters.parse(method, contentType, query, body);
        } catch (Exception e) {
            FuzzChecks.expectRefusal(e, query, body);
            return;
        }
        check(params);
        if ("POST".equals(method) && contentType != null && contentType.toLowerCase().startsWith("application/json")) {
            checkStrictUtf8(body);
        }
    }

    /**
     * The form parser rejects bytes that are not UTF-8, and the contract answers invalid UTF-8 with 400 for every
     * encoding: an accepted JSON body must be strict UTF-8, unless it is one of the UTF-16/32 forms (NUL bytes, or a
     * byte-order mark) that the parser detects on purpose.
     */
    static void checkStrictUtf8(byte[] body) {
        if (body == null || body.length == 0) {
            return;
        }
        boolean utf16or32 = (body.length >= 2 && ((body[0] & 0xff) == 0xfe || (body[0] & 0xff) == 0xff))
                || java.util.stream.IntStream.range(0, Math.min(4, body.length)).anyMatch(i -> body[i] == 0);
        if (utf16or32) {
            return;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new AssertionError("a JSON body that is not UTF-8 was accepted");
        }
    }

    static void check(LinkedHashMap<String, String> params) throws Exception {
        if (params.size() > SmsParameters.MAX_PARAMETERS) {
            throw new AssertionError("parse returned " + params.size() + " parameters, more than the bound");
        }
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                throw new AssertionError("an empty name or a null value came through");
            }
        }
        // Forwarded SMS events are these parameters as JSON: reading that JSON back must give the same parameters.
        List<Map.Entry<String, String>> expected = new ArrayList<>(params.entrySet());
        LinkedHashMap<String, String> fromJson = SmsParameters.parse("POST", "application/json", null, asciiJson(params));
        if (!expected.equals(new ArrayList<>(fromJson.entrySet()))) {
            throw new AssertionError("parameters changed through a JSON round trip");
        }
        // And as a form (the GET/POST encodings Vonage may equally use), whenever the strings are well-formed UTF-16.
        if (params.entrySet().stream().allMatch(e -> wellFormed(e.getKey()) && wellFormed(e.getValue()))) {
            LinkedHashMap<String, String> fromForm = SmsParameters.parse("POST", "application/x-www-form-urlencoded", null,
                    form(params).getBytes(StandardCharsets.US_ASCII));
            if (!expected.equals(new ArrayList<>(fromForm.entrySet()))) {
                throw new AssertionError("parameters changed through a form round trip");
            }
        }
    }

    /** A JSON object written by hand with every non-ASCII or control character escaped (Jackson refuses lone surrogates). */
    static byte[] asciiJson(Map<String, String> params) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            quote(sb, e.getKey());
            sb.append(':');
            quote(sb, e.getValue());
        }
        return sb.append('}').toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    static String form(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
