// A new user's first minutes, in a real browser against a real `wrangler dev`: sign up, see the organization and
// its ready "Hello World" agent, log out, log back in. Also without JavaScript, and on a 375px-wide phone.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertClean, closePage, launchBrowser, newPage, screenshot } from './browser';
import { type Account, newAccount, pathOf, signUp } from './flows';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function logIn(page: Page, account: Pick<Account, 'email' | 'password'>) {
  await page.goto('/login');
  const form = page.locator('form[action="/login"]');
  await form.locator('input[name="email"]').fill(account.email);
  await form.locator('input[name="password"]').fill(account.password);
  await Promise.all([page.waitForURL('**/app'), form.locator('[type="submit"]').click()]);
}

/** Logs out through the user menu (a <details> disclosure, so it works with or without JavaScript). */
async function logOut(page: Page) {
  const logoutForm = page.locator('form[action="/logout"]');
  expect(await logoutForm.locator('input[type="hidden"][name="_csrf"]').getAttribute('value')).toBeTruthy();
  const button = logoutForm.getByRole('button', { name: 'Log out' });
  const menu = logoutForm.locator('xpath=ancestor::details[1]/summary');
  if (!(await button.isVisible()) && (await menu.count())) await menu.click();
  await Promise.all([page.waitForURL('**/login'), button.click()]);
}

async function expectSignedInHome(page: Page, account: Account) {
  expect(pathOf(page)).toBe('/app');
  await page.getByRole('heading', { name: account.organization }).first().waitFor({ state: 'visible' });
  await page.getByRole('link', { name: 'Hello World', exact: true }).first().waitFor({ state: 'visible' });
}

describe('sign-up flow', () => {
  test('sign up, see the organization and Hello World, log out, log in again', async () => {
    const page = await newPage(browser, 'signup-flow');
    const account = newAccount();

    await signUp(page, account);
    await expectSignedInHome(page, account);
    await screenshot(page, 'home');

    await page.goto('/app/agents');
    await page.getByText('Hello World', { exact: true }).first().waitFor({ state: 'visible' });

    await logOut(page);
    expect(pathOf(page)).toBe('/login');
    // The session is gone: /app sends us back to the login page.
    await page.goto('/app');
    expect(pathOf(page)).toBe('/login');

    await logIn(page, account);
    await expectSignedInHome(page, account);

    await assertClean(page);
    await closePage(page);
  });

  test('works without JavaScript', async () => {
    const page = await newPage(browser, 'signup-no-js', { javaScriptEnabled: false });
    const account = newAccount();

    await signUp(page, account);
    await expectSignedInHome(page, account);
    await logOut(page);
    await logIn(page, account);
    await expectSignedInHome(page, account);

    await assertClean(page);
    await closePage(page);
  });

  test('the sign-up page has no horizontal scroll at 375px', async () => {
    const page = await newPage(browser, 'signup-375', { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    for (const path of ['/signup', '/login']) {
      await page.goto(path);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(clientWidth, `${path} viewport`).toBe(375);
      expect(scrollWidth, `${path} is wider than the 375px viewport`).toBeLessThanOrEqual(clientWidth);
    }
    await page.goto('/signup');
    await assertClean(page);
    await closePage(page);
  });
});
