package io.pulse.sync.jira.client;

/** A Jira value known by its name: status, priority, resolution, issue type, component. */
public record JiraNamed(String name) {}
