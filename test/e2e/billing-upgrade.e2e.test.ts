// The upgrade path in a real browser, offline: a free owner reaches the message limit (402 quota_exceeded naming the
// upgrade page), opens Billing, chooses Upgrade, pays on the Stripe-
// compatible fixture's hosted Checkout page, and comes back to Billing on Pro (webhooks delivered to the Worker
// before the redirect). Custom limits apply over every plan, so this test runs ITS OWN `wrangler dev` with its own
// state and a Free plan of 3 messages (Pro keeps its defaults) and its own fixture delivering webhooks to it.
// Screenshots of the Billing page at 1280 and 375 px, light and dark.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { applyMigrations, freePort, generateDevVars, startStripeFixture, startWrangler, waitForHealth } from '../../scripts/dev-env.mjs';
import { assertClean, closePage, launchBrowser, newPage, screenshot } from './browser';
import { apiFromPage, newAccount, pathOf, signUp } from './flows';

let browser: Browser;
let baseURL = '';
let stripeUrl = '';
const OPERATOR_TOKEN = 'e2e-billing-operator-token';
const stops: Array<() => Promise<unknown> | unknown> = [];

beforeAll(async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'edgent-e2e-billing-'));
  stops.push(() => rmSync(stateDir, { recursive: true, force: true }));
  const persistTo = join(stateDir, 'wrangler');
  await applyMigrations(persistTo, { log: () => {} });
  const port = await freePort();
  const stripe = await startStripeFixture({ webhookUrl: `http://127.0.0.1:${port}/webhooks/stripe` });
  stops.push(() => stripe.stop());
  stripeUrl = stripe.url;
  const llm = inject('llmUrl');
  const vars: Record<string, string> = {
    ...generateDevVars(),
    ...stripe.vars,
    SIGNUP_LIMIT_PER_IP: '500',
    OPERATOR_TOKEN: OPERATOR_TOKEN,
    PLAN_LIMITS: JSON.stringify({ free: { messages: 3 } }),
    ...(llm ? { OPENAI_BASE_URL: llm, OPENAI_API_KEY: 'e2e-test-key' } : {}),
  };
  const server = await startWrangler({ port, persistTo, vars, stdio: 'pipe' });
  stops.push(() => server.stop());
  await waitForHealth(server.url, { exited: server.exited, timeoutMs: 90_000 });
  baseURL = server.url;
  browser = await launchBrowser();
}, 150_000);

afterAll(async () => {
  await browser?.close();
  for (const stop of stops.reverse())
    await Promise.resolve()
      .then(stop)
      .catch(() => {});
});

describe('upgrading to Pro in the browser', () => {
  test('a free owner upgrades through Checkout and comes back on Pro', async () => {
    const page = await newPage(browser, 'billing-upgrade', { baseURL });
    // The fixture's hosted pages are not ours (no favicon there): only problems on Edgent's pages count here.
    const ours: string[] = [];
    // The one refused message (402) is expected; Chromium logs it as a failed resource.
    page.on(
      'console',
      (m) =>
        m.type() === 'error' && (m.location().url ?? '').startsWith(baseURL) && !/status of 402 \(Payment Required\)/.test(m.text()) && ours.push(m.text()),
    );
    page.on('pageerror', (e) => page.url().startsWith(baseURL) && ours.push(e.message));
    page.on('response', (r) => r.status() >= 500 && ours.push(`${r.status()} ${r.url()}`));
    await signUp(page, newAccount());
    // Free allows 3 messages here: the fourth is refused before any model call, naming the limit and the upgrade page.
    const agents = await apiFromPage<{ data: { id: string }[] }>(page, 'GET', '/api/v1/agents');
    const session = await apiFromPage<{ id: string }>(page, 'POST', `/api/v1/agents/${agents.json.data[0]!.id}/sessions`, {});
    const send = (content: string) =>
      apiFromPage<{ error?: { code: string; message: string } }>(page, 'POST', `/api/v1/sessions/${session.json.id}/messages`, { content });
    for (let i = 1; i <= 3; i++) expect((await send(`hello ${i}`)).status).toBe(200);
    const refused = await send('hello 4');
    expect(refused.status).toBe(402);
    expect(refused.json.error?.code).toBe('quota_exceeded');
    expect(refused.json.error?.message).toContain('/app/billing');
    // Settings links to Billing for owners.
    await page.goto('/app/settings');
    await Promise.all([page.waitForURL('**/app/billing'), page.getByRole('link', { name: 'Open billing' }).click()]);
    await expect.poll(() => page.locator('#plan-title').textContent()).toContain('Free plan');
    expect(await page.locator('.billing-usage-row').first().textContent()).toContain('of 3');
    await screenshot(page, 'free-1280');

    // Upgrade → the fixture's hosted Checkout page → Pay → back on Billing.
    await Promise.all([page.waitForURL(/\/checkout\/cs_/), page.getByRole('button', { name: 'Upgrade to Pro' }).click()]);
    expect(await page.content()).toContain('Pro');
    await Promise.all([page.waitForURL(/\/app\/billing\?checkout=success/), page.getByRole('button', { name: 'Pay' }).click()]);
    expect(pathOf(page)).toBe('/app/billing');
    expect(await page.locator('#plan-title').textContent()).toContain('Pro plan');
    expect(await page.locator('.alert-success').textContent()).toContain('Thank you');
    expect(await page.locator('.billing-plan-current .billing-plan-name').textContent()).toBe('Pro');
    expect(await page.locator('.billing-usage-row').first().textContent()).toContain('of 20,000');
    await expect.poll(() => page.locator('.billing-invoices tbody tr').count()).toBe(1);
    await screenshot(page, 'pro-1280');
    // On Pro the conversation goes on (Pro's message allowance, and overage beyond it, instead of Free's 3).
    expect((await send('hello again')).status).toBe(200);

    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'pro-375');

    // Manage billing opens the fixture's portal for this customer, which returns here.
    await page.setViewportSize({ width: 1280, height: 800 });
    await Promise.all([page.waitForURL(/\/portal\/bps_/), page.getByRole('button', { name: 'Manage billing' }).first().click()]);
    await Promise.all([page.waitForURL('**/app/billing'), page.getByRole('link', { name: /return/i }).click()]);
    expect(await page.locator('#plan-title').textContent()).toContain('Pro plan');
    expect(ours).toEqual([]);
    await closePage(page);
  });

  test('the quota banner at 80 % and reached, the chat page’s refusal linking to Billing, and the grace banner', async () => {
    const page = await newPage(browser, 'billing-banners', { baseURL });
    await signUp(page, newAccount());
    const me = await apiFromPage<{ tenant: { id: string } }>(page, 'GET', '/api/v1/me');
    // This organization's own limit: 5 messages, so 4 is 80 %.
    const set = await fetch(`${baseURL}/operator/v1/tenants/${me.json.tenant.id}/limits`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ limits: { messages: 5 } }),
    });
    expect(set.status).toBe(200);
    const agents = await apiFromPage<{ data: { id: string }[] }>(page, 'GET', '/api/v1/agents');
    const agentId = agents.json.data[0]!.id;
    const session = await apiFromPage<{ id: string }>(page, 'POST', `/api/v1/agents/${agentId}/sessions`, {});
    const send = (content: string) => apiFromPage(page, 'POST', `/api/v1/sessions/${session.json.id}/messages`, { content });
    for (let i = 1; i <= 4; i++) expect((await send(`hello ${i}`)).status).toBe(200);
    await page.goto('/app/agents');
    await expect.poll(() => page.locator('[data-quota-banner]').textContent()).toContain('80 %');
    await screenshot(page, 'quota-80-1280');
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'quota-80-375');
    // Dismissed for the session (the shared banner script), it stays hidden on the next page.
    await page.locator('[data-quota-banner] .budget-banner-close').click();
    await page.goto('/app');
    expect(await page.locator('[data-quota-banner]').isHidden()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });

    // The fifth reaches the limit; in the chat page the sixth is refused with a real link to Billing.
    expect((await send('hello 5')).status).toBe(200);
    await page.goto(`/app/agents/${agentId}/chat?session=${session.json.id}`);
    await page.locator('#chat-dock:not(.htmx-request)').waitFor();
    await page.locator('#chat-input').fill('hello 6');
    await page.locator('#chat-input').press('Enter');
    const link = page.getByRole('link', { name: 'Upgrade at /app/billing' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('/app/billing');
    await screenshot(page, 'refusal-1280');
    await page.setViewportSize({ width: 375, height: 800 });
    await screenshot(page, 'refusal-375');
    await page.setViewportSize({ width: 1280, height: 800 });
    // The reached limit is a new level: the banner shows again (red), though the 80 % one was dismissed.
    await page.goto('/app/agents');
    expect(await page.locator('[data-quota-banner]').textContent()).toContain('used all 5 messages');
    await screenshot(page, 'quota-reached-1280');
    await page.setViewportSize({ width: 375, height: 800 });
    await screenshot(page, 'quota-reached-375');
    await page.setViewportSize({ width: 1280, height: 800 });

    // On Pro, a failed payment: the grace banner on every owner page.
    await page.goto('/app/billing');
    await Promise.all([page.waitForURL(/\/checkout\/cs_/), page.getByRole('button', { name: 'Upgrade to Pro' }).click()]);
    await Promise.all([page.waitForURL(/\/app\/billing\?checkout=success/), page.getByRole('button', { name: 'Pay' }).click()]);
    const events = (await (await fetch(`${stripeUrl}/_control/events`)).json()) as {
      data: { event: { type: string; data: { object: { id: string; customer: string } } } }[];
    };
    const billing = await apiFromPage<{ plan: string }>(page, 'GET', '/api/v1/billing');
    expect(billing.json.plan).toBe('pro');
    const created = events.data.map((r) => r.event).filter((e) => e.type === 'customer.subscription.created');
    const sub = created.at(-1)!.data.object.id;
    expect((await fetch(`${stripeUrl}/_control/subscriptions/${sub}/fail_payment`, { method: 'POST' })).status).toBe(200);
    await page.goto('/app/agents');
    await page.locator('[data-billing-banner]').waitFor();
    await screenshot(page, 'grace-1280');
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'grace-375');
    await page.goto('/app/billing');
    await screenshot(page, 'billing-past-due-375');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.reload();
    await screenshot(page, 'billing-past-due-1280');
    await closePage(page);
  }, 150_000);

  test('the Billing page in dark mode', async () => {
    const page = await newPage(browser, 'billing-dark', { baseURL, colorScheme: 'dark' });
    await signUp(page, newAccount());
    await page.goto('/app/billing');
    expect(await page.locator('#plan-title').textContent()).toContain('Free plan');
    await screenshot(page, '1280');
    await page.setViewportSize({ width: 375, height: 800 });
    await screenshot(page, '375');
    await assertClean(page);
    await closePage(page);
  });
});
