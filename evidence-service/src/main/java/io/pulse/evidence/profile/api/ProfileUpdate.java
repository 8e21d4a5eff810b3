package io.pulse.evidence.profile.api;

import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A partial profile update (merge-patch semantics). Each accessor tells three cases apart: {@code null} when the
 * field was absent (keep it), {@link Optional#empty()} for an explicit JSON {@code null} (clear it), and a present
 * value. The role is not a field: it follows the token. A class with setters rather than a record, because Jackson
 * hands records {@code Optional.empty()} for absent fields too.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "ProfileUpdate", description = "Fields to change; absent fields stay, null clears")
public final class ProfileUpdate {

    @Schema(implementation = String.class, maxLength = 200, nullable = true)
    private Optional<String> fullName;

    @Schema(implementation = String.class, maxLength = 2048, nullable = true, description = "http(s) URL")
    private Optional<String> avatarUrl;

    @Schema(implementation = String.class, maxLength = 255, nullable = true, pattern = "^[A-Za-z0-9_.-]+$")
    private Optional<String> gitlabUsername;

    @Schema(
            type = SchemaType.OBJECT,
            nullable = true,
            description = "A JSON object of at most 16 KiB; null resets it to {}")
    private Optional<JsonNode> preferences;

    public Optional<String> fullName() {
        return fullName;
    }

    public void setFullName(Optional<String> fullName) {
        this.fullName = orEmpty(fullName);
    }

    public Optional<String> avatarUrl() {
        return avatarUrl;
    }

    public void setAvatarUrl(Optional<String> avatarUrl) {
        this.avatarUrl = orEmpty(avatarUrl);
    }

    public Optional<String> gitlabUsername() {
        return gitlabUsername;
    }

    public void setGitlabUsername(Optional<String> gitlabUsername) {
        this.gitlabUsername = orEmpty(gitlabUsername);
    }

    public Optional<JsonNode> preferences() {
        return preferences;
    }

    public void setPreferences(Optional<JsonNode> preferences) {
        this.preferences = orEmpty(preferences);
    }

    private static <T> Optional<T> orEmpty(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }
}
