package io.pulse.sync.jira.client;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** A comment on an issue; {@code body} is ADF on Cloud, wiki text on Data Center. */
public record JiraComment(JiraUser author, JsonNode body, Instant created) {}
