package io.pulse.evidence.mcp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits and links of the MCP server (io.pulse.evidence.mcp). The transport, its path and its security are Quarkus
 * settings ({@code quarkus.mcp.server.*}, {@code quarkus.http.auth.permission.mcp.*},
 * {@code quarkus.oidc.resource-metadata.*}).
 */
@ConfigMapping(prefix = "pulse.mcp")
public interface McpConfig {

    /**
     * Base URL of the web app, for the {@code app_url} link of each citation ({@code <web-url>/evidence/<id>}).
     */
    String webUrl();

    /** Most results {@code search_evidence} returns (its {@code limit} may ask for fewer). */
    @WithDefault("25")
    int maxSearchResults();

    /** Most insights {@code list_insights} returns (its {@code limit} may ask for fewer). */
    @WithDefault("50")
    int maxInsights();

    /** Most characters of an item's content in {@code get_evidence} and the evidence resource; longer is cut. */
    @WithDefault("20000")
    int maxContentChars();

    /** Most citations listed per insight or achievement (the full list of cited ids is always given). */
    @WithDefault("10")
    int maxCitationsPerInsight();

    /** Achievements {@code summarize_period} lists. */
    @WithDefault("5")
    int topAchievements();

    /** Most categories per breakdown of {@code summarize_period}, largest first. */
    @WithDefault("20")
    int maxCategories();
}
