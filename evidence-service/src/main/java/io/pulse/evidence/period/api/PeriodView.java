package io.pulse.evidence.period.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A review period as the API shows it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
        name = "Period",
        description =
                "A review period; evidence counts in it when it happened on a day from start_date to end_date (UTC)")
public record PeriodView(
        @Schema(required = true) UUID id,
        @Schema(required = true) String name,

        @Schema(required = true, implementation = String.class, format = "date")
        LocalDate startDate,

        @Schema(required = true, implementation = String.class, format = "date")
        LocalDate endDate,

        @Schema(required = true, implementation = String.class, format = "date-time")
        Instant createdAt,

        @Schema(required = true, implementation = String.class, format = "date-time")
        Instant updatedAt) {}
