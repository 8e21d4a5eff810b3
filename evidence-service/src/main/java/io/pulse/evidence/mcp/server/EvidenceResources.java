package io.pulse.evidence.mcp.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulse.evidence.mcp.mapping.McpMapper;
import io.quarkiverse.mcp.server.RequestUri;
import io.quarkiverse.mcp.server.ResourceTemplate;
import io.quarkiverse.mcp.server.ResourceTemplateArg;
import io.quarkiverse.mcp.server.TextResourceContents;
import io.smallrye.mutiny.Uni;

/**
 * An evidence item as an MCP resource, {@code pulse://evidence/<id>}, so a client can attach it to a conversation. Its
 * contents are what {@code get_evidence} answers, as JSON. Only the template is published: a list of concrete
 * resources would be the same for every client of the server, and evidence belongs to one person.
 */
public class EvidenceResources {

    private final McpCalls calls;
    private final EvidenceTools tools;
    private final ObjectMapper json;

    public EvidenceResources(McpCalls calls, EvidenceTools tools, ObjectMapper json) {
        this.calls = calls;
        this.tools = tools;
        this.json = json;
    }

    @ResourceTemplate(
            name = "evidence",
            title = "Evidence item",
            description = "One of the signed-in person's evidence items, by its evidence_id, as JSON: title, content,"
                    + " summary, category, tags, when the work happened and its citation links.",
            uriTemplate = McpMapper.RESOURCE_PREFIX + "{id}",
            mimeType = "application/json")
    public Uni<TextResourceContents> evidence(@ResourceTemplateArg(name = "id") String id, RequestUri uri) {
        return calls.feature(
                "resource:evidence",
                caller -> tools.read(caller.user(), id)
                        .map(detail -> new TextResourceContents(uri.value(), write(detail), "application/json")));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an evidence item could not be written as JSON", e);
        }
    }
}
