package io.pulse.sync.jira.client;

/** The project an issue belongs to. */
public record JiraProject(String key, String name) {}
