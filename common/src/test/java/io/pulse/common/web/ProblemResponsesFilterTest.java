package io.pulse.common.web;

import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.servers.Server;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter makes the three services' documents agree: one {@code Problem} schema whatever a resource made of the
 * record, problem responses on every {@code /api} operation, and declared servers.
 */
class ProblemResponsesFilterTest {

    @Test
    void replacesAServicesOwnProblemSchemaWithTheSharedOne() {
        OpenAPI doc = document();
        doc.getComponents()
                .addSchema(
                        "Problem",
                        OASFactory.createSchema()
                                .addProperty(
                                        "errors", OASFactory.createSchema().ref("#/components/schemas/FieldError")))
                .addSchema("FieldError", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT));

        new ProblemResponsesFilter().filterOpenAPI(doc);

        Schema problem = doc.getComponents().getSchemas().get("Problem");
        assertThat(problem.getRequired()).containsExactly("title", "status");
        assertThat(problem.getProperties()).containsKeys("type", "title", "status", "detail", "instance", "errors");
        assertThat(problem.getProperties().get("errors").getItems().getRequired())
                .containsExactly("field", "message");
        assertThat(doc.getComponents().getSchemas()).doesNotContainKey("FieldError");
    }

    @Test
    void documentsCommonProblemsAndDeclaresTheRelativeServer() {
        OpenAPI doc = document();

        new ProblemResponsesFilter().filterOpenAPI(doc);

        var responses = doc.getPaths().getPathItem("/api/v1/things").getGET().getResponses();
        assertThat(responses.getAPIResponses()).containsKeys("200", "401", "403", "500");
        assertThat(responses.getAPIResponse("401").getContent().getMediaType(ProblemMappers.PROBLEM_JSON))
                .isNotNull();
        List<String> servers = doc.getServers().stream().map(Server::getUrl).toList();
        assertThat(servers).startsWith("/");
    }

    private static OpenAPI document() {
        return OASFactory.createOpenAPI()
                .components(OASFactory.createComponents())
                .paths(OASFactory.createPaths()
                        .addPathItem(
                                "/api/v1/things",
                                OASFactory.createPathItem()
                                        .GET(OASFactory.createOperation()
                                                .operationId("listThings")
                                                .responses(OASFactory.createAPIResponses()
                                                        .addAPIResponse(
                                                                "200",
                                                                OASFactory.createAPIResponse()
                                                                        .description("ok"))))));
    }
}
