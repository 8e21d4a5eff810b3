package io.pulse.common.security;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.security.UnauthorizedException;

/**
 * The caller of the current request, resolved to a profile once per request by {@link CurrentUserFilter} before any
 * resource method runs. Resources inject this instead of resolving the profile themselves.
 */
@RequestScoped
public class RequestUser {

    private CurrentUser user;

    void set(CurrentUser user) {
        this.user = user;
    }

    /**
     * The caller.
     *
     * @throws UnauthorizedException when the request carries no token with a role (the role check answers first, so
     *     a resource never sees this)
     */
    public CurrentUser get() {
        if (user == null) {
            throw new UnauthorizedException();
        }
        return user;
    }
}
