package io.webhookbridge.admin;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The admin API as commands for scripts: {@code dlq list|show|count|replay|purge}, {@code targets list|pause|resume},
 * {@code where <id>}, {@code job <id>}. Each prints the API's JSON answer and exits non-zero when the call fails. The
 * bridge's management port is {@code BRIDGE_ADMIN_URL} (default http://127.0.0.1:9876), the token
 * {@code BRIDGE_MANAGEMENT_TOKEN}.
 */
public final class AdminClient {

    /** The first words of the command line this client answers. */
    public static final Set<String> COMMANDS = Set.of("dlq", "targets", "where", "job");
    private static final String USAGE = """
            usage: java -jar webhook-bridge.jar
              dlq list   [--target T] [--reason R] [--kind K] [--channel C] [--status S] [--stage S] [--since T] [--until T] [--cursor C] [--limit N]
              dlq show   <id>
              dlq count  [filters]
              dlq replay [filters] [--wait]
              dlq purge  <filters | --all>
              targets list | pause <id> | resume <id>
              where <message_uuid or messageId>
              job <id>
            BRIDGE_ADMIN_URL (default http://127.0.0.1:9876) and BRIDGE_MANAGEMENT_TOKEN say where and as whom.""";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String token;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public AdminClient(String baseUrl, String token, PrintStream out) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.out = out;
    }

    /** {@code main}'s entry: the exit status. */
    public static int run(String[] args) {
        String url = System.getenv("BRIDGE_ADMIN_URL");
        return new AdminClient(url == null || url.isBlank() ? "http://127.0.0.1:9876" : url,
                System.getenv("BRIDGE_MANAGEMENT_TOKEN"), System.out).execute(args);
    }

    /** Runs one command: 0 when the API answered 2xx, 1 when it refused or failed, 2 on a usage error. */
    public int execute(String[] args) {
        try {
            return dispatch(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            return 2;
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            out.println("{\"error\":" + JSON.valueToTree("cannot call the admin API at " + baseUrl + ": " + why) + "}");
            return 1;
        }
    }

    private int dispatch(List<String> args) throws Exception {
        String command = args.isEmpty() ? "" : args.get(0);
        String sub = args.size() > 1 ? args.get(1) : "";
        switch (command + " " + sub) {
            case "dlq list":
                return call("GET", "/admin/dead-letters" + query(args.subList(2, args.size()), Set.of()));
            case "dlq count":
                return call("GET", "/admin/dead-letters/count" + query(args.subList(2, args.size()), Set.of()));
            case "dlq show":
                return call("GET", "/admin/dead-letters/" + segment(args, 2));
            case "dlq purge":
                return call("POST", "/admin/dead-letters/purge" + query(args.subList(2, args.size()), Set.of("all")));
            case "dlq replay":
                return replay(args.subList(2, args.size()));
            case "targets list":
                return call("GET", "/admin/targets");
            case "targets pause", "targets resume":
                return call("POST", "/admin/targets/" + segment(args, 2) + "/" + sub);
            default:
                if ("where".equals(command) || "job".equals(command)) {
                    return call("GET", ("where".equals(command) ? "/admin/where/" : "/admin/jobs/") + segment(args, 1));
                }
                throw new IllegalArgumentException("unknown command: " + String.join(" ", args));
        }
    }

    /** Starts a replay; with --wait, follows the job until it is no longer running and prints its end state. */
    private int replay(List<String> options) throws Exception {
        boolean wait = options.contains("--wait");
        List<String> filters = options.stream().filter(o -> !"--wait".equals(o)).toList();
        HttpResponse<String> started = send("POST", "/admin/dead-letters/replay" + query(filters, Set.of()));
        if (!wait || started.statusCode() / 100 != 2) {
            return print(started);
        }
        String job = JSON.readTree(started.body()).path("id").asText();
        while (true) {
            HttpResponse<String> state = send("GET", "/admin/jobs/" + URLEncoder.encode(job, StandardCharsets.UTF_8));
            if (state.statusCode() == 429) {
                // The admin API is busy with other calls: the job runs on regardless, so ask again later.
                Thread.sleep(500);
                continue;
            }
            JsonNode node = state.statusCode() == 200 ? JSON.readTree(state.body()) : null;
            if (node == null || !Set.of("queued", "running").contains(node.path("state").asText())) {
                int status = print(state);
                return status == 0 && node != null && "done".equals(node.path("state").asText()) ? 0 : 1;
            }
            Thread.sleep(500);
        }
    }

    /** {@code --name value} options as a query string; {@code --flag} alone (in flags) is {@code flag=true}. */
    private static String query(List<String> options, Set<String> flags) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if (!option.startsWith("--") || option.length() < 3) {
                throw new IllegalArgumentException("expected an option --name value, got '" + option + "'");
            }
            String name = option.substring(2);
            String value;
            if (flags.contains(name)) {
                value = "true";
            } else if (i + 1 < options.size()) {
                value = options.get(++i);
            } else {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    private static String segment(List<String> args, int index) {
        if (args.size() != index + 1) {
            throw new IllegalArgumentException("expected one id after '" + String.join(" ", args.subList(0, index)) + "'");
        }
        return URLEncoder.encode(args.get(index), StandardCharsets.UTF_8);
    }

    private int call(String method, String path) throws Exception {
        return print(send(method, path));
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token.trim());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int print(HttpResponse<String> response) {
        String body = response.body();
        out.println(body == null || body.isBlank() ? JSON.valueToTree(Map.of("status", response.statusCode())) : body);
        return response.statusCode() / 100 == 2 ? 0 : 1;
    }
}
