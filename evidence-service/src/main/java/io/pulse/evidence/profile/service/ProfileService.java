package io.pulse.evidence.profile.service;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulse.common.db.RlsSession;
import io.pulse.common.security.CurrentUser;
import io.pulse.common.web.ApiException;
import io.pulse.common.web.FieldChecks;
import io.pulse.evidence.config.EvidenceConfig;
import io.pulse.evidence.profile.api.ProfileUpdate;
import io.pulse.evidence.profile.api.ProfileView;
import io.pulse.evidence.profile.repository.ProfileRepository;
import io.pulse.evidence.profile.repository.ProfileRepository.Column;
import io.pulse.evidence.profile.repository.ProfileRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Reads and updates the caller's own profile, always inside a transaction bound to the caller. */
@ApplicationScoped
public class ProfileService {

    static final int MAX_FULL_NAME = 200;
    static final int MAX_URL = 2048;
    private static final Pattern GITLAB_USERNAME = Pattern.compile("[A-Za-z0-9_.-]{1,255}");

    private final Pool pool;
    private final ProfileRepository repository;
    private final ObjectMapper json;
    private final EvidenceConfig config;

    public ProfileService(Pool pool, ProfileRepository repository, ObjectMapper json, EvidenceConfig config) {
        this.pool = pool;
        this.repository = repository;
        this.json = json;
        this.config = config;
    }

    public Uni<ProfileView> get(CurrentUser user) {
        return RlsSession.inTransaction(pool, user.id(), conn -> repository.find(conn, user.id()))
                .map(row -> view(row, user));
    }

    public Uni<ProfileView> update(CurrentUser user, ProfileUpdate update) {
        Map<Column, Object> changes;
        try {
            changes = changes(update);
        } catch (ApiException e) {
            return Uni.createFrom().failure(e);
        }
        if (changes.isEmpty()) {
            return get(user);
        }
        return RlsSession.inTransaction(pool, user.id(), conn -> repository.update(conn, user.id(), changes))
                .map(row -> view(row, user));
    }

    private Map<Column, Object> changes(ProfileUpdate update) {
        if (update == null) {
            throw ApiException.badRequest("A JSON object body is required");
        }
        FieldChecks checks = FieldChecks.forBody();
        Map<Column, Object> changes = new EnumMap<>(Column.class);
        if (update.fullName() != null) {
            String value = update.fullName().map(String::strip).orElse(null);
            checks.text("full_name", value, MAX_FULL_NAME);
            changes.put(Column.FULL_NAME, value);
        }
        if (update.avatarUrl() != null) {
            String value = update.avatarUrl().map(String::strip).orElse(null);
            checks.httpUrl("avatar_url", value, MAX_URL);
            changes.put(Column.AVATAR_URL, value);
        }
        if (update.gitlabUsername() != null) {
            String value = update.gitlabUsername().map(String::strip).orElse(null);
            if (value != null && !GITLAB_USERNAME.matcher(value).matches()) {
                checks.error("gitlab_username", "must be 1-255 letters, digits, '_', '.' or '-'");
            }
            changes.put(Column.GITLAB_USERNAME, value);
        }
        if (update.preferences() != null) {
            Optional<JsonNode> value = update.preferences().filter(node -> !node.isNull());
            if (value.isPresent() && !value.get().isObject()) {
                checks.error("preferences", "must be a JSON object");
            } else {
                String text = value.map(this::write).orElse("{}");
                int limit = config.limits().maxPreferencesBytes();
                if (text.contains("\\u0000")) {
                    // PostgreSQL jsonb cannot hold NUL in a string.
                    checks.error("preferences", "must not contain the NUL character");
                } else if (text.getBytes(StandardCharsets.UTF_8).length > limit) {
                    checks.error("preferences", "must be at most " + limit + " bytes of JSON");
                }
                changes.put(Column.PREFERENCES, text);
            }
        }
        checks.throwIfInvalid();
        return changes;
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("preferences cannot be written as JSON");
        }
    }

    private static ProfileView view(ProfileRow row, CurrentUser user) {
        if (row == null) {
            // The profile was resolved for this very request; it can only vanish if it was deleted meanwhile.
            throw ApiException.notFound("Profile");
        }
        return new ProfileView(
                row.id(),
                row.email(),
                row.fullName(),
                row.avatarUrl(),
                user.role(),
                row.gitlabUsername(),
                row.preferences(),
                row.createdAt(),
                row.updatedAt());
    }
}
