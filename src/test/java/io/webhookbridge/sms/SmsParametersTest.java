package io.webhookbridge.sms;

import io.webhookbridge.event.MalformedRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SmsParametersTest {

    static final String FORM = "application/x-www-form-urlencoded";

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String reason(String method, String contentType, String query, String body) {
        return assertThrows(MalformedRequestException.class,
                () -> SmsParameters.parse(method, contentType, query, body == null ? null : utf8(body))).getMessage();
    }

    @Test
    void getUsesQueryDecodingPlusAndPercent() throws Exception {
        LinkedHashMap<String, String> p = SmsParameters.parse("GET", null,
                "b=x+y%20z&a=%C3%BC%F0%9F%91%8B&flag&empty=&eq=a%3Db%26c", utf8("body=ignored"));
        assertEquals(List.of("b", "a", "flag", "empty", "eq"), List.copyOf(p.keySet()));
        assertEquals("x y z", p.get("b"));
        assertEquals("ü👋", p.get("a"));
        assertEquals("", p.get("flag"));
        assertEquals("", p.get("empty"));
        assertEquals("a=b&c", p.get("eq"));
    }

    @Test
    void getWithoutQueryIsEmpty() throws Exception {
        assertEquals(Map.of(), SmsParameters.parse("get", null, null, null));
        assertEquals(Map.of(), SmsParameters.parse("GET", null, "", new byte[0]));
        assertEquals(Map.of("a", "1"), SmsParameters.parse("GET", null, "&a=1&&", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {FORM, "APPLICATION/X-WWW-FORM-URLENCODED", "application/x-www-form-urlencoded; charset=UTF-8",
            " Application/x-www-form-urlencoded ;charset=utf-8;foo=bar"})
    void postFormUsesBodyAndIgnoresQuery(String contentType) throws Exception {
        LinkedHashMap<String, String> p = SmsParameters.parse("POST", contentType, "text=from-query",
                utf8("text=hello+world&to=447700900456"));
        assertEquals(Map.of("text", "hello world", "to", "447700900456"), p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"})
    void postJsonKeepsOrderAndTurnsScalarsIntoText(String contentType) throws Exception {
        LinkedHashMap<String, String> p = SmsParameters.parse("POST", contentType, "x=1",
                utf8("{\"z\":\"last?\",\"n\":42,\"f\":0.04210000,\"big\":12345678901234567890,\"t\":true,\"b\":false,"
                        + "\"u\":\"Gr\\u00fc\u00dfe \uD83D\uDC4B\"}"));
        assertEquals(List.of("z", "n", "f", "big", "t", "b", "u"), List.copyOf(p.keySet()));
        assertEquals("last?", p.get("z"));
        assertEquals("42", p.get("n"));
        assertEquals("0.04210000", p.get("f"));
        assertEquals("12345678901234567890", p.get("big"));
        assertEquals("true", p.get("t"));
        assertEquals("false", p.get("b"));
        assertEquals("Grüße 👋", p.get("u"));
    }

    @Test
    void repeatedParameterKeepsTheFirst() throws Exception {
        assertEquals(Map.of("a", "1"), SmsParameters.parse("GET", null, "a=1&a=2", null));
        assertEquals(Map.of("a", "1"), SmsParameters.parse("POST", FORM, null, utf8("a=1&a=2")));
        assertEquals(Map.of("a", "1"), SmsParameters.parse("POST", "application/json", null, utf8("{\"a\":\"1\",\"a\":\"2\"}")));
    }

    @Test
    void atMostOneHundredParameters() throws Exception {
        StringBuilder q = new StringBuilder();
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 100; i++) {
            q.append(i == 0 ? "" : "&").append("p").append(i).append("=v");
            json.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":\"v\"");
        }
        assertEquals(100, SmsParameters.parse("GET", null, q.toString(), null).size());
        assertEquals(100, SmsParameters.parse("POST", "application/json", null, utf8(json + "}")).size());
        assertEquals("too many parameters", reason("GET", null, q + "&p100=v", null));
        assertEquals("too many parameters", reason("POST", FORM, null, q + "&p1=again"));
        assertEquals("too many parameters", reason("POST", "application/json", null, json + ",\"p100\":\"v\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%", "a=%4", "a=%zz", "a=%4g", "a%=1", "text=100%", "a=%%41"})
    void malformedPercentEncodingIsInvalid(String query) {
        assertEquals("malformed percent-encoding", reason("GET", null, query, null));
        assertEquals("malformed percent-encoding", reason("POST", FORM, null, query));
    }

    @Test
    void invalidUtf8IsInvalid() {
        assertEquals("invalid UTF-8 in parameter", reason("GET", null, "a=%C3%28", null));
        assertEquals("invalid UTF-8 in parameter", reason("GET", null, "a=%FF", null));
    }

    @Test
    void emptyNameIsInvalid() {
        assertEquals("empty parameter name", reason("GET", null, "=x", null));
        assertEquals("empty parameter name", reason("POST", "application/json", null, "{\"\":\"x\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"a\":\"1\"}]", "\"text\"", "42", "null", "", "   "})
    void nonObjectJsonIsInvalid(String body) {
        assertEquals("JSON body is not an object", reason("POST", "application/json", null, body));
    }

    @Test
    void nestedOrNullJsonValuesAreInvalid() {
        assertEquals("nested value in JSON body",
                reason("POST", "application/json", null, "{\"a\":\"1\",\"usage\":{\"price\":\"0.1\"}}"));
        assertEquals("nested value in JSON body", reason("POST", "application/json", null, "{\"a\":[\"1\"]}"));
        assertEquals("null value in JSON body", reason("POST", "application/json", null, "{\"a\":null}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":\"1\"", "{\"a\":\"1\",}", "{\"a\" \"1\"}", "{a:1}", "{\"a\":\"1\"}x", "{\"a\":\"1\"}{}"})
    void malformedJsonIsInvalid(String body) {
        MalformedRequestException e = assertThrows(MalformedRequestException.class,
                () -> SmsParameters.parse("POST", "application/json", null, utf8(body)));
        // Short fixed reasons only; Jackson's message (which quotes input) is not passed on.
        assertEquals(true, e.getMessage().equals("malformed JSON")
                || e.getMessage().equals("trailing content after JSON object"), e.getMessage());
    }

    @Test
    void otherContentTypesAndMethodsAreInvalid() {
        assertEquals("unsupported content type", reason("POST", "text/plain", null, "a=1"));
        assertEquals("unsupported content type", reason("POST", "multipart/form-data; boundary=x", null, "a=1"));
        assertEquals("unsupported content type", reason("POST", "application/jsonx", null, "{}"));
        assertEquals("unsupported content type", reason("POST", null, null, "a=1"));
        assertEquals("unsupported HTTP method", reason("PUT", FORM, null, "a=1"));
        assertEquals("unsupported HTTP method", reason(null, FORM, "a=1", null));
    }
}
