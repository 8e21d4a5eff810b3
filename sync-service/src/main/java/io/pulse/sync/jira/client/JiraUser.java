package io.pulse.sync.jira.client;

/**
 * A Jira user as {@code /myself} returns it and as embedded in issues, comments and worklogs.
 *
 * @param accountId the id on Cloud
 * @param key the user key on Data Center / Server
 * @param name the login name on Data Center / Server
 * @param timeZone the account's zone, in which JQL interprets dates ({@code /myself} only)
 */
public record JiraUser(String accountId, String key, String name, String displayName, String timeZone) {

    /** Whether this is the connection's account (accountId on Cloud; key or name on Data Center). */
    public boolean is(String account) {
        return account.equals(accountId) || account.equals(key) || account.equals(name);
    }
}
