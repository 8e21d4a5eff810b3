package io.pulse.sync.gitlab.client;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A GitLab user as embedded in MRs, notes and issues, and as {@code GET /user} returns it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GitLabUser(String id, String username, String name) {}
