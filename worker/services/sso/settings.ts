// The operator's single sign-on settings (OIDC_* bindings), read once per request; null when SSO is not configured.
import type { Bindings } from '../../env';

export type SsoSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button label: "Sign in with <name>". */
  name: string;
  /** Whether a verified email with no Edgent account gets a new account and organization (default yes). */
  signup: boolean;
};

/** Only http(s) issuers: the URL is the operator's, but a typo must not make the Worker fetch something odd. */
export function ssoSettings(env: Bindings): SsoSettings | null {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = env;
  if (!issuer || !clientId || !clientSecret) return null;
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return {
    issuer: issuer.replace(/\/+$/, ''),
    clientId,
    clientSecret,
    name: env.OIDC_NAME?.trim() || 'single sign-on',
    signup: (env.OIDC_SIGNUP ?? 'true').trim().toLowerCase() !== 'false',
  };
}
