package io.pulse.sync.jira.client;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** A worklog entry; {@code comment} is ADF on Cloud, wiki text on Data Center. */
public record JiraWorklog(
        JiraUser author, JsonNode comment, Instant started, String timeSpent, long timeSpentSeconds) {}
