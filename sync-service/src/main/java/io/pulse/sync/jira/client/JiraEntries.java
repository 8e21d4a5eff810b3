package io.pulse.sync.jira.client;

import java.util.List;

/**
 * Comments or worklogs of an issue, as embedded in a search result or as one page of the sub-resource.
 *
 * @param total how many exist; the embedded list is truncated when it holds fewer, null when Jira does not say
 */
public record JiraEntries<T>(List<T> entries, Integer total) {

    /** Whether the list holds every entry, so the sub-resource need not be read. */
    public boolean complete() {
        return total == null || entries.size() >= total;
    }
}
