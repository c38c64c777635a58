package io.webhookbridge.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.webhookbridge.dispatch.TargetDeliveries;
import io.webhookbridge.dispatch.TargetDeliveries.DeliveryTarget;
import io.webhookbridge.dispatch.TargetUri;
import io.webhookbridge.event.MalformedRequestException;
import io.webhookbridge.signature.SignatureSecrets;
import io.webhookbridge.sms.SmsSignatureMethod;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.util.URISupport;

/**
 * The routes page of the console: {@code GET /admin/routes} lists the Camel routes loaded now and the targets, and
 * {@code POST /admin/routes/try} shows what the live rules make of a pasted webhook ({@link RouteTrial}, as
 * {@code check-routes} does): its classification and the targets it would go to. Nothing is stored or delivered, and
 * no signature is asked for: the caller holds the management token, and the trial signs in-process.
 */
final class LoadedRoutes {

    private final CamelContext context;
    private final TargetDeliveries deliveries;
    private final SignatureSecrets secrets;
    private final SmsSignatureMethod smsMethod;

    LoadedRoutes(CamelContext context, TargetDeliveries deliveries, SignatureSecrets secrets, SmsSignatureMethod smsMethod) {
        this.context = context;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.smsMethod = smsMethod;
    }

    Map<String, Object> list() {
        List<Map<String, Object>> routes = new ArrayList<>();
        context.getRoutes().stream().sorted(Comparator.comparing(Route::getRouteId)).forEach(route -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", route.getRouteId());
            row.put("description", route.getDescription());
            row.put("from", route.getEndpoint() == null ? null : URISupport.sanitizeUri(route.getEndpoint().getEndpointUri()));
            ServiceStatus status = context.getRouteController().getRouteStatus(route.getRouteId());
            row.put("status", status == null ? null : status.name());
            row.put("source", route.getSourceLocationShort());
            routes.add(row);
        });
        List<Map<String, Object>> targets = new ArrayList<>();
        deliveries.targets().stream().sorted(Comparator.comparing(DeliveryTarget::name)).forEach(target -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", target.id());
            row.put("name", target.name());
            row.put("kind", target.kind());
            targets.add(row);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("routes", routes);
        out.put("targets", targets);
        return out;
    }

    /**
     * The classification and targets of one webhook body for the endpoint of that kind; a body the verify route
     * cannot read or classify is refused (400).
     */
    Map<String, Object> tryPayload(String endpoint, byte[] body) throws Exception {
        if (endpoint == null || !RouteTrial.KINDS.contains(endpoint)) {
            throw new IllegalArgumentException("endpoint: one of inbound-message, message-status, inbound-sms, delivery-receipt");
        }
        RouteTrial trial;
        try {
            trial = RouteTrial.of(endpoint, body);
        } catch (MalformedRequestException e) {
            throw new IllegalArgumentException("cannot be read as a " + endpoint + " webhook body: " + e.getMessage());
        }
        RouteTrial.Outcome outcome;
        ProducerTemplate template = context.createProducerTemplate();
        try {
            outcome = trial.run(context, template, secrets, smsMethod);
        } finally {
            template.stop();
        }
        if (outcome.classification() == null) {
            throw new IllegalArgumentException(outcome.error());
        }
        List<Map<String, Object>> targets = new ArrayList<>();
        for (String uri : outcome.targets()) {
            TargetUri target = new TargetUri(uri);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("uri", target.masked());
            String id = target.id();
            row.put("id", deliveries.targets().stream().anyMatch(t -> t.id().equals(id)) ? id : null);
            targets.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("classification", outcome.classification());
        out.put("targets", targets);
        if (outcome.error() != null) {
            out.put("error", outcome.error());
        }
        return out;
    }
}
