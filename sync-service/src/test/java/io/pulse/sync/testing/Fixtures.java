package io.pulse.sync.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Loads the payload templates under src/test/resources/fixtures and builds scenario-specific copies. */
public final class Fixtures {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    public static ObjectNode load(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String array(List<? extends com.fasterxml.jackson.databind.JsonNode> items) {
        ArrayNode array = JSON.createArrayNode();
        items.forEach(array::add);
        return array.toString();
    }

    /** A merged MR of the template, for a project/iid, authored by the given GitLab user id. */
    public static ObjectNode mergeRequest(long projectId, long iid, String title, long authorId, String mergedAt) {
        ObjectNode mr = load("gitlab/merge_request.json");
        mr.put("id", projectId * 100_000 + iid);
        mr.put("iid", iid);
        mr.put("project_id", projectId);
        mr.put("title", title);
        mr.put("merged_at", mergedAt);
        mr.put("updated_at", mergedAt);
        ((ObjectNode) mr.get("author")).put("id", authorId);
        ((ObjectNode) mr.get("references")).put("full", "acme/project-" + projectId + "!" + iid);
        mr.put("web_url", "https://gitlab.example.com/acme/project-" + projectId + "/-/merge_requests/" + iid);
        return mr;
    }

    public static ObjectNode commit(String shortId, String title) {
        ObjectNode c = load("gitlab/commit.json");
        c.put("id", shortId + "15e310a7eb34b3e38ff9b962b54f0e03");
        c.put("short_id", shortId);
        c.put("title", title);
        c.put("message", title + "\n");
        return c;
    }

    public static ObjectNode note(long id, long authorId, String body, boolean system, String createdAt) {
        ObjectNode n = load("gitlab/note.json");
        n.put("id", id);
        ((ObjectNode) n.get("author")).put("id", authorId);
        n.put("body", body);
        n.put("system", system);
        n.put("created_at", createdAt);
        if (system) {
            n.putNull("type");
            n.remove("position");
        }
        return n;
    }

    public static ObjectNode issue(long projectId, long iid, String title, String closedAt) {
        ObjectNode i = load("gitlab/issue.json");
        i.put("id", projectId * 100_000 + iid);
        i.put("iid", iid);
        i.put("project_id", projectId);
        i.put("title", title);
        i.put("closed_at", closedAt);
        i.put("updated_at", closedAt);
        ((ObjectNode) i.get("references")).put("full", "acme/project-" + projectId + "#" + iid);
        i.put("web_url", "https://gitlab.example.com/acme/project-" + projectId + "/-/issues/" + iid);
        return i;
    }

    /** An approval event of {@code GET /users/:id/events?action=approved&target_type=merge_request}. */
    public static ObjectNode approvedEvent(long id, long projectId, long iid, String createdAt) {
        ObjectNode e = load("gitlab/event_approved.json");
        e.put("id", id);
        e.put("project_id", projectId);
        e.put("target_iid", iid);
        e.put("target_id", projectId * 100_000 + iid);
        e.put("created_at", createdAt);
        return e;
    }

    /** A close event of {@code GET /users/:id/events?action=closed&target_type=issue}. */
    public static ObjectNode closedIssueEvent(long id, long projectId, long iid, String createdAt) {
        ObjectNode e = load("gitlab/event_closed_issue.json");
        e.put("id", id);
        e.put("project_id", projectId);
        e.put("target_iid", iid);
        e.put("target_id", projectId * 100_000 + iid);
        e.put("created_at", createdAt);
        return e;
    }

    /** A push event of {@code GET /users/:id/events?action=pushed}. */
    public static ObjectNode pushEvent(
            long id, long projectId, String ref, int commits, String title, String commitTo, String createdAt) {
        ObjectNode e = load("gitlab/event_pushed.json");
        e.put("id", id);
        e.put("project_id", projectId);
        e.put("created_at", createdAt);
        ObjectNode push = (ObjectNode) e.get("push_data");
        push.put("ref", ref);
        push.put("commit_count", commits);
        push.put("commit_title", title);
        push.put("commit_to", commitTo);
        return e;
    }

    /** A project of {@code GET /projects/:id}. */
    public static ObjectNode project(long id, String pathWithNamespace) {
        ObjectNode p = load("gitlab/project.json");
        p.put("id", id);
        p.put("path_with_namespace", pathWithNamespace);
        p.put("web_url", "https://gitlab.example.com/" + pathWithNamespace);
        return p;
    }
}
