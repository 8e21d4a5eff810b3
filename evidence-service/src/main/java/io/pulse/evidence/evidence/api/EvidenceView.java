package io.pulse.evidence.evidence.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import io.pulse.common.evidence.RawJsonObject;

/** One evidence item as the API shows it. The embedding is never shown. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Evidence", description = "An item of evidence of work")
public record EvidenceView(
        UUID id,

        @Schema(description = "The owner's profile id") UUID userId,

        String title,
        String content,

        @Schema(nullable = true, description = "Written by enrichment, read-only")
        String summary,

        @Schema(
                enumeration = {"gitlab", "jira", "upload", "manual"},
                description = "upload: made from an uploaded document (POST /api/v1/evidence/uploads)")
        String source,

        @Schema(nullable = true, description = "Id of the item at its source, read-only")
        String sourceId,

        @Schema(nullable = true) String sourceUrl,

        @Schema(description = "Lowercase slug; 'general' when none was given (the original design's default)")
        String category,

        List<String> tags,

        @Schema(
                description = "Download paths of the item's attachments, in upload order (GET each; manage them"
                        + " under /api/v1/evidence/{id}/attachments), read-only")
        List<String> attachments,

        @Schema(description = "Enrichment results (categories, key phrases, model), read-only")
        @JsonSerialize(using = RawJsonObject.Serializer.class)
        Map<String, Object> aiMetadata,

        @Schema(description = "When the work happened") Instant occurredAt,

        @Schema(description = "Optimistic concurrency version; the ETag is this number in quotes")
        long version,

        Instant createdAt,
        Instant updatedAt) {}
