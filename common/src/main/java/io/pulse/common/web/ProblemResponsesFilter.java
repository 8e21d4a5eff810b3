package io.pulse.common.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents the errors every {@code /api/} operation of every service can answer, so no resource repeats them: 401
 * (missing, expired or invalid token), 403 (no {@code individual}/{@code manager} role) and 500, each as
 * {@code application/problem+json} with the {@link Problem} schema. Operation-specific errors (404, 412, 422, ...)
 * stay on the resource methods. Registered for every service in common's configuration ({@code mp.openapi.filter}).
 */
public class ProblemResponsesFilter implements OASFilter {

    static final String PROBLEM_SCHEMA = "Problem";

    private static final Map<String, String> COMMON_ERRORS = new LinkedHashMap<>();

    static {
        COMMON_ERRORS.put("401", "Missing, expired or invalid bearer token");
        COMMON_ERRORS.put("403", "The token carries neither the individual nor the manager role");
        COMMON_ERRORS.put("500", "Unexpected failure (no details are disclosed)");
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        ensureProblemSchema(openAPI);
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().values().forEach(ProblemResponsesFilter::addCommonErrors);
            }
        });
    }

    private static void addCommonErrors(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        for (Map.Entry<String, String> error : COMMON_ERRORS.entrySet()) {
            if (!responses.hasAPIResponse(error.getKey())) {
                responses.addAPIResponse(
                        error.getKey(),
                        OASFactory.createAPIResponse()
                                .description(error.getValue())
                                .content(problemContent()));
            }
        }
    }

    private static Content problemContent() {
        return OASFactory.createContent()
                .addMediaType(
                        ProblemMappers.PROBLEM_JSON,
                        OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref("#/components/schemas/" + PROBLEM_SCHEMA)));
    }

    /** Services whose resources never name {@link Problem} still get its schema. */
    private static void ensureProblemSchema(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        if (components.getSchemas() != null && components.getSchemas().containsKey(PROBLEM_SCHEMA)) {
            return;
        }
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .addProperty("field", text)
                .addProperty("message", text);
        components.addSchema(
                PROBLEM_SCHEMA,
                OASFactory.createSchema()
                        .addType(Schema.SchemaType.OBJECT)
                        .description("RFC 9457 problem detail")
                        .addProperty(
                                "type",
                                OASFactory.createSchema()
                                        .addType(Schema.SchemaType.STRING)
                                        .format("uri"))
                        .addProperty("title", text)
                        .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                        .addProperty("detail", text)
                        .addProperty("instance", text)
                        .addProperty("request_id", text)
                        .addProperty(
                                "errors",
                                OASFactory.createSchema()
                                        .addType(Schema.SchemaType.ARRAY)
                                        .items(fieldError)));
    }
}
