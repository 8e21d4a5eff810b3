package io.pulse.common.web;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One page of any list, in every service: the items, newest first, and the cursor of the next page.
 *
 * @param items this page's items
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Page<T>(
        List<T> items,

        @Schema(nullable = true, description = "Pass as `cursor` for the next page; null on the last page")
        String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }
}
