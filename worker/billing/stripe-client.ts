/**
 * The `stripe` SDK as the Worker uses it: the fetch HTTP client and SubtleCrypto webhook verification (both run in
 * workerd), one client per isolate and key. STRIPE_API_BASE (`http(s)://host:port`) points it at another host: the
 * Stripe-compatible server in test/fixtures/stripe-api.mjs for tests and `npm start`.
 */
import Stripe from 'stripe';
import type { Bindings } from '../env';
import { AppError } from '../errors';

let cached: { key: string; base: string; client: Stripe } | null = null;
let crypto: ReturnType<typeof Stripe.createSubtleCryptoProvider> | null = null;

/** Host, port and protocol from STRIPE_API_BASE (undefined: Stripe's own API). */
export function apiBaseOptions(base: string | undefined): { host?: string; port?: number; protocol?: 'http' | 'https' } {
  if (!base) return {};
  let u: URL;
  try {
    u = new URL(base);
  } catch {
    throw new Error(`STRIPE_API_BASE must be an http(s)://host:port URL, not ${JSON.stringify(base)}`);
  }
  const protocol = u.protocol === 'http:' ? 'http' : 'https';
  return { host: u.hostname, port: u.port ? Number(u.port) : protocol === 'http' ? 80 : 443, protocol };
}

/** The Stripe client; billing must be on (STRIPE_SECRET_KEY set), else a 409 saying billing is not configured. */
export function stripeClient(env: Bindings): Stripe {
  const key = env.STRIPE_SECRET_KEY;
  if (!key) throw new AppError('conflict', 'Billing is not configured on this Edgent installation.');
  const base = env.STRIPE_API_BASE ?? '';
  if (cached?.key === key && cached.base === base) return cached.client;
  const client = new Stripe(key, {
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 1,
    timeout: 20_000,
    appInfo: { name: 'Edgent' },
    ...apiBaseOptions(base),
  });
  cached = { key, base, client };
  return client;
}

/** SubtleCrypto for `webhooks.constructEventAsync` (workerd has no Node crypto HMAC in the SDK's sync path). */
export function webhookCrypto() {
  crypto ??= Stripe.createSubtleCryptoProvider();
  return crypto;
}
