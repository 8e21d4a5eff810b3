package io.pulse.sync.gitlab.client;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A project, read for the path and URL of commit-day items. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GitLabProject(String id, String pathWithNamespace, String webUrl) {}
