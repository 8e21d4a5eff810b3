import { User, UserManager, WebStorageStateStore } from 'oidc-client-ts';

/** What evidence-service tells the app at /app-config.json (no secret: the web app is a public client). */
export interface AppConfig {
  issuer: string;
  client_id: string;
  scope: string;
}

const CALLBACK_PATH = '/auth/callback';

/**
 * Sign-in with OpenID Connect: authorization code with PKCE (oidc-client-ts creates the verifier and challenge),
 * tokens kept in this tab's sessionStorage, renewed before they expire with the refresh token (silent renewal, no
 * page reload), and sign-out at the provider. Tokens only ever travel in the Authorization header.
 */
export class Auth {
  private readonly manager: UserManager;
  private readonly listeners = new Set<(user: User | null) => void>();

  constructor(config: AppConfig) {
    const origin = window.location.origin;
    this.manager = new UserManager({
      authority: config.issuer,
      client_id: config.client_id,
      redirect_uri: origin + CALLBACK_PATH,
      post_logout_redirect_uri: origin + '/',
      response_type: 'code',
      scope: config.scope,
      automaticSilentRenew: true,
      // The provider's session iframe needs third-party cookies; renewal uses the refresh token instead.
      monitorSession: false,
      userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    });
    this.manager.events.addUserLoaded((user) => this.emit(user));
    this.manager.events.addUserUnloaded(() => this.emit(null));
    this.manager.events.addSilentRenewError(() => this.emit(null));
  }

  /** Completes a sign-in redirect when the provider sent the browser back here; returns where to go next. */
  async start(): Promise<{ user: User | null; returnTo: string | null }> {
    if (window.location.pathname === CALLBACK_PATH) {
      try {
        const user = await this.manager.signinRedirectCallback();
        const state = user.state as { returnTo?: string } | undefined;
        return { user, returnTo: state?.returnTo ?? '/' };
      } catch {
        // A stale or replayed callback (back button): start again from a clean address.
        return { user: null, returnTo: '/' };
      }
    }
    let user = await this.manager.getUser();
    if (user?.expired) {
      user = await this.manager.signinSilent().catch(() => null);
    }
    return { user, returnTo: null };
  }

  signIn(returnTo: string): Promise<void> {
    return this.manager.signinRedirect({ state: { returnTo } });
  }

  async signOut(): Promise<void> {
    const user = await this.manager.getUser();
    await this.manager.removeUser();
    await this.manager.signoutRedirect({ id_token_hint: user?.id_token });
  }

  /** A current access token, renewed first when it is about to expire; null when signed out. */
  async token(): Promise<string | null> {
    let user = await this.manager.getUser();
    if (!user) return null;
    if ((user.expires_in ?? 0) < 15) {
      user = await this.manager.signinSilent().catch(() => null);
    }
    return user?.access_token ?? null;
  }

  onChange(listener: (user: User | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(user: User | null) {
    this.listeners.forEach((l) => l(user));
  }
}
