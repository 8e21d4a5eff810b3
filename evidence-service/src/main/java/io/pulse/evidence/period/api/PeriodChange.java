package io.pulse.evidence.period.api;

import java.time.LocalDate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A change to a period: the fields given replace the stored ones. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "PeriodChange", description = "Fields to change; absent fields keep their value")
public record PeriodChange(
        @Schema(nullable = true, maxLength = PeriodLimits.MAX_NAME)
        String name,

        @Schema(nullable = true, implementation = String.class, format = "date")
        LocalDate startDate,

        @Schema(nullable = true, implementation = String.class, format = "date")
        LocalDate endDate) {}
