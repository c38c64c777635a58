package io.webhookbridge.bench;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * The baseline: a bare Camel platform-http (Vert.x) server, camel-main 4.22, with the bridge's four webhook paths.
 * Each route reads the body and answers 200 {"status":"accepted"}; nothing else (no signature check, no broker).
 * Usage: {@code BaselineServer <port>}.
 */
public final class BaselineServer {

    private BaselineServer() {
    }

    public static void main(String[] args) throws Exception {
        String port = args.length > 0 ? args[0] : "8080";
        Main main = new Main();
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                for (String path : Webhooks.PATHS) {
                    from("platform-http:" + path + "?httpMethodRestrict=POST")
                            .routeId("baseline" + path.replace('/', '-'))
                            .convertBodyTo(byte[].class)
                            .removeHeaders("*")
                            .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(200))
                            .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                            .setBody(constant("{\"status\":\"accepted\"}"));
                }
            }
        });
        main.addInitialProperty("camel.main.name", "bench-baseline");
        main.addInitialProperty("camel.server.enabled", "true");
        main.addInitialProperty("camel.server.host", "127.0.0.1");
        main.addInitialProperty("camel.server.port", port);
        System.exit(main.run(new String[0]));
    }
}
