package io.pulse.evidence.share.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The manager an owner names: a user of the same identity provider who holds the manager role. */
@Schema(name = "ManagerChoice")
public record ManagerChoice(
        @Schema(required = true, maxLength = 320, description = "The manager's e-mail address at the identity provider")
        String email) {}
