package io.pulse.evidence.mcp.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Where a fact comes from: one of the caller's evidence items, with the links to open it. Every answer of the MCP
 * tools cites its items this way.
 *
 * @param evidenceId the item's id (for {@code get_evidence} and the REST API)
 * @param title the item's title
 * @param source gitlab, jira, upload or manual
 * @param occurredAt when the work happened (ISO-8601 instant)
 * @param sourceUrl the item at its source (merge request, issue, ...), absent for notes and uploads without one
 * @param appUrl the item in the web app
 * @param resourceUri the item as an MCP resource ({@code pulse://evidence/<id>}), for clients that attach resources
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Citation(
        String evidenceId,
        String title,
        String source,
        String occurredAt,
        String sourceUrl,
        String appUrl,
        String resourceUri) {}
