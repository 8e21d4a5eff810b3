package io.pulse.common.security;

import java.util.UUID;

/**
 * The authenticated caller, resolved to a profile.
 *
 * @param id the profile id; the value bound to {@code app.user_id} for row-level security
 * @param role {@link Roles#INDIVIDUAL} or {@link Roles#MANAGER}, always taken from the token
 */
public record CurrentUser(UUID id, String role) {

    public boolean isManager() {
        return Roles.MANAGER.equals(role);
    }
}
