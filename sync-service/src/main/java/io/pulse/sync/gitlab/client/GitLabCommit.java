package io.pulse.sync.gitlab.client;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A commit of a merge request. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GitLabCommit(String id, String shortId, String title, String message) {}
