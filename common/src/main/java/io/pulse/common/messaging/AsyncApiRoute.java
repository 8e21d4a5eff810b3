package io.pulse.common.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.ext.web.Router;

/**
 * Serves the event contract at {@code /q/asyncapi} (JSON), next to {@code /q/openapi}, in every service: whichever
 * service an integrator reaches first, the events it documents are the same.
 */
@ApplicationScoped
public class AsyncApiRoute {

    void register(@Observes Router router) throws JsonProcessingException {
        String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(AsyncApiDocument.build());
        router.get("/q/asyncapi")
                .handler(ctx -> ctx.response()
                        .putHeader("Content-Type", "application/json")
                        .end(json));
    }
}
