package io.pulse.sync.gitlab.client;

/** {@code references.full}: {@code group/project!12} or {@code group/project#7}. */
public record GitLabReferences(String full) {}
