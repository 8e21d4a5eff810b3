package io.pulse.insight.insights.rest;

import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code PATCH /api/v1/insights/{id}} (merge-patch semantics). Each accessor tells three cases apart:
 * {@code null} when the field was absent (keep the current value), {@link Optional#empty()} for an explicit JSON
 * {@code null} (clears the feedback; refused for the flags), and a present value. A class with setters rather than
 * a record, because Jackson hands records the same value for an absent field and a JSON {@code null}. Unknown
 * fields are refused by the shared strict JSON mapper ({@code io.pulse.common.web.StrictJson}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
        name = "InsightChange",
        description = "Fields to change; absent fields stay. Validating clears rejected and vice versa; both true"
                + " is refused.")
public final class InsightChangeRequest {

    @Schema(implementation = Boolean.class)
    private Optional<Boolean> validated;

    @Schema(implementation = Boolean.class)
    private Optional<Boolean> rejected;

    @Schema(
            implementation = String.class,
            nullable = true,
            maxLength = InsightResource.MAX_FEEDBACK,
            description = "Blank or null clears it")
    private Optional<String> feedback;

    public Optional<Boolean> validated() {
        return validated;
    }

    public void setValidated(Optional<Boolean> validated) {
        this.validated = orEmpty(validated);
    }

    public Optional<Boolean> rejected() {
        return rejected;
    }

    public void setRejected(Optional<Boolean> rejected) {
        this.rejected = orEmpty(rejected);
    }

    public Optional<String> feedback() {
        return feedback;
    }

    public void setFeedback(Optional<String> feedback) {
        this.feedback = orEmpty(feedback);
    }

    /** A setter is only called for a field that is present; a JSON null may arrive as a null Optional. */
    private static <T> Optional<T> orEmpty(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }
}
