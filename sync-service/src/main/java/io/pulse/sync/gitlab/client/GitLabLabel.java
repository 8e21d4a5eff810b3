package io.pulse.sync.gitlab.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;

/** A label: a plain string in listings, an object with {@code name} when asked {@code with_labels_details}. */
public record GitLabLabel(String name) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static GitLabLabel of(JsonNode node) {
        return new GitLabLabel(node.isObject() ? node.path("name").asText() : node.asText());
    }
}
