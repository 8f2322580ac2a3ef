// Single sign-on in a real browser: the login page's "Sign in with Test IdP" button, the provider's own login page
// (test/fixtures/oidc-provider.mjs), and back to the page asked for, signed in; a refused sign-in shows its reason.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { assertClean, closePage, launchBrowser, newPage, screenshot } from './browser';
import { newAccount, pathOf, signUp } from './flows';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** An account at the provider with this email; answers its login name (the tokens' `sub`). */
async function providerAccount(email: string, emailVerified = true): Promise<string> {
  const id = `e2e-${randomBytes(4).toString('hex')}`;
  const res = await fetch(`${inject('oidcIssuer')}/test/accounts`, {
    method: 'POST',
    body: JSON.stringify({ id, email, email_verified: emailVerified, name: 'Ada Lovelace' }),
  });
  expect(res.status).toBe(204);
  return id;
}

/**
 * The provider's development login page asks for a web font and a favicon it does not have: answer both empty, so
 * the run stays offline and the page problems left are the app's own.
 */
async function quietProviderPage(page: Page) {
  await page.context().route('https://fonts.googleapis.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/css', body: '' }));
  await page.context().route(`${inject('oidcIssuer')}/favicon.ico`, (route) => route.fulfill({ status: 204 }));
}

describe('single sign-on', () => {
  test('an existing user signs in through the provider’s login page and lands where they were going', async () => {
    const account = newAccount();
    const setup = await newPage(browser, 'sso-signup');
    await signUp(setup, account);
    await closePage(setup);
    const login = await providerAccount(account.email);

    const page = await newPage(browser, 'sso-login');
    await quietProviderPage(page);
    await page.goto('/app/agents');
    expect(pathOf(page)).toBe('/login');
    const button = page.getByRole('link', { name: 'Sign in with Test IdP' });
    await button.waitFor({ state: 'visible' });
    await screenshot(page, 'login-page');
    await button.click();

    // The provider's own development login form.
    await page.waitForURL(`${inject('oidcIssuer')}/interaction/**`);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await Promise.all([page.waitForURL('**/app/agents'), page.locator('button[type="submit"]').click()]);

    await page.getByText('Hello World', { exact: true }).first().waitFor({ state: 'visible' });
    // Signed in as that user, in their organization (the account menu names both).
    await page.getByText(account.organization, { exact: true }).first().waitFor({ state: 'visible' });
    await assertClean(page);
    await closePage(page);
  });

  test('a provider account without a verified email is refused with a clear page', async () => {
    const account = newAccount();
    const login = await providerAccount(account.email, false);
    const page = await newPage(browser, 'sso-refused');
    await quietProviderPage(page);
    await page.goto('/login');
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await page.waitForURL(`${inject('oidcIssuer')}/interaction/**`);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await Promise.all([page.waitForURL('**/auth/oidc/callback**'), page.locator('button[type="submit"]').click()]);
    await page.getByRole('heading', { name: 'Single sign-on did not work' }).waitFor({ state: 'visible' });
    expect(await page.locator('.error-message').textContent()).toMatch(/verified email/);
    await screenshot(page);
    // No session: the app still sends this browser to the login page.
    await page.goto('/app');
    expect(pathOf(page)).toBe('/login');
    await closePage(page);
  });
});
