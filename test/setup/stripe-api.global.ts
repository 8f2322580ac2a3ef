// vitest globalSetup (workers project): starts the Stripe-compatible server (test/fixtures/stripe-api.mjs) on loopback;
// the Worker reaches it as STRIPE_API_BASE. It delivers no webhooks itself (the Worker under test has no HTTP address
// here): tests read its events at inject('stripeApiUrl') + '/_control/events' and post them to /webhooks/stripe,
// signed with the SDK's test header helper, in order, replayed or out of order as a test needs.
import type { TestProject } from 'vitest/node';
import { startStripeApi } from '../fixtures/stripe-api.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    stripeApiUrl: string;
  }
}

export const STRIPE_TEST = {
  secretKey: 'sk_test_edgent_0123456789',
  webhookSecret: 'whsec_edgent_test_0123456789abcdef',
  pricePro: 'price_pro_test',
  priceTeam: 'price_team_test',
};

export default async function setup(project: TestProject) {
  const api = await startStripeApi({ deliver: false, webhookSecret: STRIPE_TEST.webhookSecret });
  project.provide('stripeApiUrl', api.url);
  return () => api.close();
}
