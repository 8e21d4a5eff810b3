package io.pulse.sync;

import io.pulse.sync.connection.api.ConnectionView;
import io.pulse.sync.connection.api.NewConnection;
import io.pulse.sync.gitlab.client.GitLabCommit;
import io.pulse.sync.gitlab.client.GitLabEvent;
import io.pulse.sync.gitlab.client.GitLabIssue;
import io.pulse.sync.gitlab.client.GitLabLabel;
import io.pulse.sync.gitlab.client.GitLabMergeRequest;
import io.pulse.sync.gitlab.client.GitLabNote;
import io.pulse.sync.gitlab.client.GitLabProject;
import io.pulse.sync.gitlab.client.GitLabReferences;
import io.pulse.sync.gitlab.client.GitLabUser;
import io.pulse.sync.jira.client.JiraComment;
import io.pulse.sync.jira.client.JiraEntries;
import io.pulse.sync.jira.client.JiraIssue;
import io.pulse.sync.jira.client.JiraNamed;
import io.pulse.sync.jira.client.JiraProject;
import io.pulse.sync.jira.client.JiraSearchPage;
import io.pulse.sync.jira.client.JiraUser;
import io.pulse.sync.jira.client.JiraWorklog;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The records Jackson reads or writes by reflection in this service, registered so that a native executable keeps
 * them: the API models (some only travel inside a {@code Response}, whose entity type Quarkus cannot see) and the
 * GitLab and Jira payloads that {@link io.pulse.sync.http.SourceJson}'s own mapper reads. Records nested in them are
 * covered by {@code registerFullHierarchy}. {@code NativeReflectionTest} checks that none is missing.
 */
@RegisterForReflection(
        registerFullHierarchy = true,
        targets = {
            ConnectionView.class,
            GitLabCommit.class,
            GitLabEvent.class,
            GitLabIssue.class,
            GitLabLabel.class,
            GitLabMergeRequest.class,
            GitLabNote.class,
            GitLabProject.class,
            GitLabReferences.class,
            GitLabUser.class,
            JiraComment.class,
            JiraEntries.class,
            JiraIssue.class,
            JiraNamed.class,
            JiraProject.class,
            JiraSearchPage.class,
            JiraUser.class,
            JiraWorklog.class,
            NewConnection.class
        })
final class NativeReflection {

    private NativeReflection() {}
}
