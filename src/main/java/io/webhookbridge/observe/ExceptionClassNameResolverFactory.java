package io.webhookbridge.observe;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.layout.template.json.resolver.EventResolver;
import org.apache.logging.log4j.layout.template.json.resolver.EventResolverContext;
import org.apache.logging.log4j.layout.template.json.resolver.EventResolverFactory;
import org.apache.logging.log4j.layout.template.json.resolver.TemplateResolverConfig;
import org.apache.logging.log4j.layout.template.json.resolver.TemplateResolverFactory;
import org.apache.logging.log4j.layout.template.json.util.JsonWriter;

/**
 * The JSON layout's {@code {"$resolver": "exceptionClassName"}}: the class name of a line's exception, as log4j's
 * {@code exception} resolver writes it ({@code error.type} of the ECS template), except that for an exception
 * {@link MaskSensitiveText} replaced by its masked copy it is the original exception's class, not the copy's.
 * log4j2.xml puts it in place of the template's {@code error.type}.
 */
@Plugin(name = "ExceptionClassNameResolverFactory", category = TemplateResolverFactory.CATEGORY)
public final class ExceptionClassNameResolverFactory implements EventResolverFactory {

    private static final ExceptionClassNameResolverFactory INSTANCE = new ExceptionClassNameResolverFactory();

    /** Absent, not null, on a line without an exception: like the {@code exception} resolver. */
    private static final EventResolver RESOLVER = new EventResolver() {
        @Override
        public boolean isResolvable(LogEvent event) {
            return event.getThrown() != null;
        }

        @Override
        public void resolve(LogEvent event, JsonWriter jsonWriter) {
            jsonWriter.writeString(MaskSensitiveText.MaskedThrowable.classNameOf(event.getThrown()));
        }
    };

    private ExceptionClassNameResolverFactory() {
    }

    @PluginFactory
    public static ExceptionClassNameResolverFactory getInstance() {
        return INSTANCE;
    }

    @Override
    public String getName() {
        return "exceptionClassName";
    }

    @Override
    public EventResolver create(EventResolverContext context, TemplateResolverConfig config) {
        return RESOLVER;
    }
}
