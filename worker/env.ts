// AppEnv: the Worker's bindings (generated Env plus optional operator settings) and per-request context variables.
import type { TenantDb } from './db/tenant-db';

/** Optional settings an operator may add as secrets or vars; absent by default. */
export type Bindings = Env & {
  OPENAI_API_KEY?: string;
  AI?: Ai;
  /** Enables the operator endpoints (worker/routes/api/operator.ts) for the one who holds it. */
  OPERATOR_TOKEN?: string;
  /** Extra master keys for rotation, as `kid:base64key` pairs separated by commas. */
  MASTER_KEYS?: string;
  /**
   * The token for the tool-runner at TOOL_RUNNER_URL (local process: `npm start` and the tests set both). Not used
   * with the Container binding, whose instances each get their own token (containers/tool-runner/container.ts).
   */
  RUNNER_TOKEN?: string;
  /** API-key rate limits per minute (worker/services/api-limits.ts); defaults 600 per key and 1,800 per tenant. */
  API_LIMIT_PER_KEY?: string;
  API_LIMIT_PER_TENANT?: string;
  /** "true": every API-key request waits for the rate limiter (exact across isolates, one round trip more). */
  API_LIMITS_STRICT?: string;
  /** New accounts allowed per IP and hour (default 20); the browser tests, all from one host, raise it. */
  SIGNUP_LIMIT_PER_IP?: string;
  /** Outgoing email (password resets) over a Resend-style HTTP API (worker/email/); all three or none. */
  EMAIL_API_URL?: string;
  EMAIL_API_KEY?: string;
  EMAIL_FROM?: string;
  /**
   * Single sign-on with an OpenID Connect provider (worker/services/sso/): issuer, client id and secret, all three or
   * none. The provider must allow the redirect URI `<this site's origin>/auth/oidc/callback`.
   */
  OIDC_ISSUER?: string;
  OIDC_CLIENT_ID?: string;
  OIDC_CLIENT_SECRET?: string;
  /** The login button says "Sign in with <OIDC_NAME>", e.g. "Okta". */
  OIDC_NAME?: string;
  /** "false": only people who already have an Edgent account may sign in by SSO; default "true" (a new account). */
  OIDC_SIGNUP?: string;
  /**
   * Billing with Stripe (worker/billing/): without STRIPE_SECRET_KEY billing is off and every organization has the
   * Free plan's limits. STRIPE_WEBHOOK_SECRET verifies /webhooks/stripe; STRIPE_PRICE_PRO / _TEAM name the plans'
   * prices; STRIPE_API_BASE (`http(s)://host:port`) replaces Stripe's API host, for tests and local fakes.
   */
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  STRIPE_PRICE_PRO?: string;
  STRIPE_PRICE_TEAM?: string;
  STRIPE_API_BASE?: string;
  /**
   * Marketplace (issue 18): the platform's share of paid listings' payments, in percent (default 20; creators get
   * the rest through Stripe Connect), and the try-it chat's daily cap of messages per listing (default 200).
   */
  MARKETPLACE_FEE_PERCENT?: string;
  TRY_IT_DAILY_CAP?: string;
  /**
   * The operator's plan limits over the defaults of worker/billing/plans.ts, as JSON: `{"free": {"agents": 10}}`
   * (null lifts a limit). A self-hosted installation without billing may lift Free's limits this way.
   */
  PLAN_LIMITS?: string;
};

export type Role = 'owner' | 'admin' | 'member' | 'viewer';

/** Who is calling: a browser session (cookie) or an integrator (API key). */
export type Auth =
  | { kind: 'session'; userId: string; tenantId: string; role: Role; sessionId: string; csrfToken: string }
  | { kind: 'api_key'; userId: string | null; tenantId: string; role: Role; keyId: string; scopes: string[] };

export type AppEnv = {
  Bindings: Bindings;
  Variables: {
    requestId: string;
    /** Set by the auth middleware on every signed-in route. */
    auth: Auth;
    /** The only data handle a handler gets: every query is scoped to auth.tenantId. */
    db: TenantDb;
  };
};
