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
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents the errors every {@code /api/} operation of every service can answer, so no resource repeats them: 401
 * (missing, expired or invalid token), 403 (no {@code individual}/{@code manager} role) and 500, and for operations
 * with a request body 400 (malformed JSON), 413, 415 and 422 (invalid fields), each as
 * {@code application/problem+json} with the {@link Problem} schema. Operation-specific errors (404, 412, 428, ...)
 * and more specific descriptions stay on the resource methods and are never overwritten. Registered for every service
 * in common's configuration ({@code mp.openapi.filter}).
 */
public class ProblemResponsesFilter implements OASFilter {

    static final String PROBLEM_SCHEMA = "Problem";

    private static final Map<String, String> COMMON_ERRORS = new LinkedHashMap<>();
    private static final Map<String, String> BODY_ERRORS = new LinkedHashMap<>();

    static {
        COMMON_ERRORS.put("401", "Missing, expired or invalid bearer token");
        COMMON_ERRORS.put("403", "The token carries neither the individual nor the manager role");
        COMMON_ERRORS.put("500", "Unexpected failure (no details are disclosed)");
        BODY_ERRORS.put("400", "Malformed JSON or missing body");
        BODY_ERRORS.put("413", "Body too large");
        BODY_ERRORS.put("415", "Body is not application/json");
        BODY_ERRORS.put("422", "Invalid, unknown or read-only fields (listed in errors)");
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
        addMissing(responses, COMMON_ERRORS);
        if (operation.getRequestBody() != null) {
            addMissing(responses, BODY_ERRORS);
        }
    }

    private static void addMissing(APIResponses responses, Map<String, String> errors) {
        for (Map.Entry<String, String> error : errors.entrySet()) {
            APIResponse existing = responses.getAPIResponse(error.getKey());
            if (existing == null) {
                responses.addAPIResponse(
                        error.getKey(),
                        OASFactory.createAPIResponse()
                                .description(error.getValue())
                                .content(problemContent()));
            } else if (existing.getContent() == null
                    || existing.getContent().getMediaTypes() == null
                    || existing.getContent().getMediaTypes().isEmpty()) {
                // SmallRye infers a body-less "Bad Request" for operations with a body or parameters; every error
                // here is a problem document, so describe it as one.
                existing.description(error.getValue()).content(problemContent());
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
