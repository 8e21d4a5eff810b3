package io.pulse.sync.jira.client;

import java.util.List;

/**
 * One page of a JQL search. Cloud pages by {@code nextPageToken} (the last page omits it, sends {@code ""} or says
 * {@code isLast}); Data Center by {@code startAt} / {@code total}.
 */
public record JiraSearchPage(List<JiraIssue> issues, String nextPageToken, Boolean isLast, Integer total) {}
