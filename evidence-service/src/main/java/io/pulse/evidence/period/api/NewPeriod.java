package io.pulse.evidence.period.api;

import java.time.LocalDate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A review period, e.g. "H1 2026" from 2026-01-01 to 2026-06-30 (both days included). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "NewPeriod", description = "A review period; both dates are included")
public record NewPeriod(
        @Schema(required = true, maxLength = PeriodLimits.MAX_NAME, description = "Unique among the caller's periods")
        String name,

        @Schema(required = true, implementation = String.class, format = "date")
        LocalDate startDate,

        @Schema(required = true, implementation = String.class, format = "date")
        LocalDate endDate) {}
