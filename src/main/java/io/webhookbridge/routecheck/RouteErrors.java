package io.webhookbridge.routecheck;

import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * One line for a start that failed, beginning with where the mistake is: {@code routes/x.camel.yaml:12: ...} for a
 * YAML error (the line the parser stopped at) or a route that cannot be created (the line of its {@code route:}), then
 * what Camel said, without its stack trace.
 */
final class RouteErrors {

    private RouteErrors() {
    }

    static String describe(Throwable failure, CamelContext context) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException yaml) {
                Optional<Mark> mark = yaml.getProblemMark().or(yaml::getContextMark);
                String problem = yaml.getProblem() != null ? yaml.getProblem() : yaml.getContext();
                return mark.map(m -> where(m.getName(), m.getLine() + 1) + ": " + problem).orElse(yaml.getMessage());
            }
            if (t instanceof FailedToCreateRouteException created) {
                return inRoute(context, created.getRouteId(), rootMessage(t));
            }
            if (t instanceof FailedToStartRouteException started) {
                return inRoute(context, started.getRouteId(), rootMessage(t));
            }
        }
        return rootMessage(failure);
    }

    private static String inRoute(CamelContext context, String routeId, String problem) {
        RouteDefinition route = context == null || routeId == null ? null
                : context.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinition(routeId);
        String prefix = "route " + routeId + ": ";
        if (route == null || route.getLocation() == null) {
            return prefix + problem;
        }
        int line = route.getLineNumber() > 0 ? route.getLineNumber() : route.getInput().getLineNumber();
        return where(route.getLocation(), line) + ": " + prefix + problem;
    }

    /** {@code routes/x.camel.yaml:12}, from a resource location such as {@code file:routes/x.camel.yaml}. */
    static String where(String location, int line) {
        String file = location.startsWith("file:") ? location.substring("file:".length()) : location;
        return line > 0 ? file + ":" + line : file;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
