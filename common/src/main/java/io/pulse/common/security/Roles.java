package io.pulse.common.security;

/** Roles carried by the OIDC token (Keycloak realm roles locally). */
public final class Roles {

    public static final String INDIVIDUAL = "individual";
    public static final String MANAGER = "manager";

    private Roles() {}
}
