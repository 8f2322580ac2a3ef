// Paid listings' payouts in a real browser (issue 18 §5; /app/earnings): an owner opens Earnings from the nav, chooses
// "Set up payouts with Stripe", finishes onboarding on the Stripe fixture's hosted link (account.updated delivered to
// the Worker before the redirect) and comes back to Earnings with payouts active. Screenshots at 1280 and 375 px;
// the page with payments (rendered from views/pages/earnings-page.tsx with sample figures and served at the same
// origin, so the real stylesheets apply) is checked for horizontal overflow at 375 px and screenshotted too.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertClean, closePage, launchBrowser, newPage, screenshot } from './browser';
import { newAccount, pathOf, signUp } from './flows';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('earnings', () => {
  test('an owner sets up payouts on Stripe and comes back active', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    const ours: string[] = [];
    page.on('console', (m) => m.type() === 'error' && ours.push(m.text()));
    await signUp(page, newAccount());
    await page.getByRole('link', { name: 'Earnings' }).first().click();
    await page.waitForURL('**/app/earnings');
    await page.getByText('Set up payouts with Stripe').waitFor();
    await screenshot(page, 'before-1280');
    await Promise.all([page.waitForURL('**/app/earnings?connect=return'), page.getByRole('button', { name: 'Set up payouts with Stripe' }).click()]);
    expect(pathOf(page)).toBe('/app/earnings');
    await page.getByText('Payouts active').waitFor();
    await page.getByText('Your Stripe account is connected').waitFor();
    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'active-375');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.reload();
    expect(ours).toEqual([]);
    await assertClean(page);
    await closePage(page);
  });

  test('with payments: totals, per listing and recent payments fit 1280 and 375 px', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    // The view is loaded at run time (Vite compiles its JSX); a static import would make the e2e type check follow
    // the Worker's types.
    const VIEW = '../../views/pages/earnings-page';
    const { EarningsPage } = (await import(/* @vite-ignore */ VIEW)) as { EarningsPage: (props: unknown) => unknown };
    const base = {
      user: { name: 'Ada Lovelace', email: 'ada@example.com' },
      tenant: { id: 'ten_sample', name: 'Acme Agents' },
      role: 'owner',
      csrfToken: 'sample',
      can: new Proxy({}, { get: () => true }),
    };
    const pay = (i: number, title: string, amount: number) => ({
      id: `pay_${i}`,
      listing_id: `lst_${title.length}`,
      listing_title: title,
      amount,
      fee: amount / 5,
      net: amount - amount / 5,
      currency: 'usd',
      paid_at: new Date(Date.UTC(2026, 10, 28 - i)).toISOString(),
    });
    const html = String(
      EarningsPage({
        base,
        billingEnabled: true,
        connect: { status: 'active', account: true, charges_enabled: true, payouts_enabled: true, details_submitted: true, fee_percent: 20 },
        earnings: {
          currency: 'usd',
          total_gross: 184_500,
          total_fee: 36_900,
          total_net: 147_600,
          payments_count: 141,
          this_month: { gross: 41_200, fee: 8_240, net: 32_960, payments: 31, since: '2026-11-01T00:00:00.000Z' },
          by_listing: [
            {
              listing_id: 'lst_a',
              title: 'Invoice Wizard for small accounting teams',
              slug: 'invoice-wizard',
              gross: 126_000,
              fee: 25_200,
              net: 100_800,
              payments: 140,
              subscribers: 38,
            },
            { listing_id: 'lst_b', title: 'Support triage', slug: 'support-triage', gross: 58_500, fee: 11_700, net: 46_800, payments: 1, subscribers: 1 },
          ],
          payments: [
            pay(0, 'Invoice Wizard for small accounting teams', 900),
            pay(1, 'Support triage', 58_500),
            pay(2, 'Invoice Wizard for small accounting teams', 900),
          ],
        },
      }),
    );
    await page.route('**/app/earnings-sample', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: `<!doctype html>${html}` }),
    );
    await page.goto('/app/earnings-sample');
    await page.getByText('$1,476.00').waitFor();
    await screenshot(page, 'sample-1280');
    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    await page.getByText('$1,476.00').waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'sample-375');
    await closePage(page);
  });
});
