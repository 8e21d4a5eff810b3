package io.pulse.common.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.servers.Server;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Documents the errors every {@code /api/} operation of every service can answer, so no resource repeats them: 401
 * (missing, expired or invalid token), 403 (no {@code individual}/{@code manager} role) and 500, and for operations
 * with a request body 400 (malformed JSON), 413, 415 and 422 (invalid fields), each as
 * {@code application/problem+json} with the {@link Problem} schema; an operation-specific error a resource declares
 * without a body gets that body too. Operation-specific errors (404, 412, 428, ...)
 * and more specific descriptions stay on the resource methods and are never overwritten. Registered for every service
 * by its annotation.
 *
 * <p>It also makes the three documents agree where a generated client would otherwise differ per service: the one
 * {@code Problem} schema below replaces whatever a resource's {@code @Schema(implementation = Problem.class)} made of
 * the record, and every document declares its {@code servers} (the service itself, relative to where the document was
 * fetched, and the public URL an operator configures in {@code pulse.http.public-url}). It runs at build time (the
 * stored document) and again at startup, so the public URL is the one configured at run time; each step is idempotent.
 */
@OpenApiFilter(stages = {OpenApiFilter.RunStage.BUILD, OpenApiFilter.RunStage.RUNTIME_STARTUP})
public class ProblemResponsesFilter implements OASFilter {

    static final String PROBLEM_SCHEMA = "Problem";
    /** The name SmallRye gives {@link Problem.FieldError} when a resource names {@link Problem}; inlined below. */
    static final String FIELD_ERROR_SCHEMA = "FieldError";
    /** Optional absolute base URL under which the operator exposes this service (e.g. behind a gateway). */
    static final String PUBLIC_URL = "pulse.http.public-url";

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
        defineProblemSchema(openAPI);
        declareServers(openAPI);
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
        // 401, 403 and 500 are never declared by resources (SmallRye infers the first two from the role check).
        addMissing(responses, COMMON_ERRORS, true);
        if (operation.getRequestBody() != null) {
            addMissing(responses, BODY_ERRORS, false);
        }
        // Operation-specific errors (404, 409, 410, 412, 502, ...) are problem documents too: a resource names the
        // status and says when it happens, and the body is described here once.
        if (responses.getAPIResponses() != null) {
            responses.getAPIResponses().forEach((status, response) -> {
                if (status.length() == 3
                        && (status.startsWith("4") || status.startsWith("5"))
                        && (response.getContent() == null
                                || response.getContent().getMediaTypes() == null
                                || response.getContent().getMediaTypes().isEmpty())) {
                    response.content(problemContent());
                }
            });
        }
    }

    private static void addMissing(APIResponses responses, Map<String, String> errors, boolean describe) {
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
                // here is a problem document, so describe it as one. A status the resource declared keeps its own
                // description.
                if (describe || inferred(existing, error.getKey())) {
                    existing.description(error.getValue());
                }
                existing.content(problemContent());
            }
        }
    }

    /** Whether a response is SmallRye's inference (no description, or just the status's reason phrase). */
    private static boolean inferred(APIResponse response, String status) {
        String description = response.getDescription();
        if (description == null || description.isBlank()) {
            return true;
        }
        jakarta.ws.rs.core.Response.Status known =
                jakarta.ws.rs.core.Response.Status.fromStatusCode(Integer.parseInt(status));
        return known != null && description.equals(known.getReasonPhrase());
    }

    private static Content problemContent() {
        return OASFactory.createContent()
                .addMediaType(
                        ProblemMappers.PROBLEM_JSON,
                        OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref("#/components/schemas/" + PROBLEM_SCHEMA)));
    }

    /** Relative {@code /} (the service that served the document) plus the configured public URL, once each. */
    private static void declareServers(OpenAPI openAPI) {
        addServer(openAPI, "/", "This service, at the address the document was fetched from");
        publicUrl().ifPresent(url -> addServer(openAPI, url, "Public URL of this service"));
    }

    private static void addServer(OpenAPI openAPI, String url, String description) {
        List<Server> servers = openAPI.getServers();
        if (servers == null || servers.stream().noneMatch(server -> url.equals(server.getUrl()))) {
            openAPI.addServer(OASFactory.createServer().url(url).description(description));
        }
    }

    private static Optional<String> publicUrl() {
        return ConfigProvider.getConfig()
                .getOptionalValue(PUBLIC_URL, String.class)
                .map(String::strip)
                .filter(url -> !url.isEmpty());
    }

    /**
     * The one {@code Problem} schema of every service: it replaces SmallRye's reading of the record (which would
     * differ by service), so a client generated from any of the three documents shares one problem type.
     */
    private static void defineProblemSchema(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        if (components.getSchemas() != null) {
            components.removeSchema(FIELD_ERROR_SCHEMA);
            components.removeSchema(PROBLEM_SCHEMA);
        }
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .addProperty("field", text)
                .addProperty("message", text)
                .addRequired("field")
                .addRequired("message");
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
                        .addProperty(
                                "status",
                                OASFactory.createSchema()
                                        .addType(Schema.SchemaType.INTEGER)
                                        .format("int32"))
                        .addProperty("detail", text)
                        .addProperty("instance", text)
                        .addProperty("request_id", text)
                        .addProperty(
                                "errors",
                                OASFactory.createSchema()
                                        .addType(Schema.SchemaType.ARRAY)
                                        .items(fieldError))
                        .addRequired("title")
                        .addRequired("status"));
    }
}
