// Teams in a real browser: the owner invites someone from Settings → Members and copies the link; the new person
// opens it in a fresh browser, chooses a name and password, lands in that organization's app and edits an agent;
// the owner then finds that edit, by name and with its before and after, in the audit log.
// Settings → Members stays within a 375px phone's width.
import type { Browser } from 'playwright-core';
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

describe('teams', () => {
  test('the owner invites; a new person accepts, lands in the organization and edits an agent', async (ctx) => {
    const owner = await newPage(browser, `${ctx.task.name}-owner`);
    const account = newAccount();
    await signUp(owner, account);
    await owner.goto('/app/settings');
    const invitee = `sam-${account.email}`;
    await owner.locator('#invite-email').fill(invitee);
    await owner.locator('#invite-role').selectOption('member');
    await Promise.all([owner.waitForLoadState(), owner.getByRole('button', { name: 'Invite', exact: true }).click()]);
    const link = await owner.locator('#invite-link').inputValue();
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
    await screenshot(owner, 'invited');

    // A fresh browser context: no cookies, like another person's computer.
    const guest = await newPage(browser, `${ctx.task.name}-guest`);
    await guest.goto(link);
    await guest.getByRole('heading', { name: `Join ${account.organization}` }).waitFor();
    expect(await guest.locator('input[name="email"]').inputValue()).toBe(invitee);
    await guest.getByLabel('Your name').fill('Sam Newcomer');
    await guest.getByLabel('Choose a password').fill('a long enough password');
    await Promise.all([guest.waitForURL('**/app?notice=joined'), guest.getByRole('button', { name: 'Create account and join' }).click()]);
    await guest.getByRole('heading', { name: account.organization }).first().waitFor();
    await guest.getByText('You joined the organization').waitFor();

    // As a member they may edit agents: Hello World, a new version from the builder.
    await guest.getByRole('link', { name: 'Hello World', exact: true }).first().click();
    await guest.waitForURL(/\/app\/agents\/agt_[0-9a-z]+$/);
    await guest.getByLabel(/^Description/).fill('Edited by Sam');
    await Promise.all([guest.waitForURL(/saved=2/), guest.getByRole('button', { name: 'Save version 2' }).click()]);
    await guest.getByText('Saved as version 2').waitFor();

    // The link is used now.
    const again = await guest.context().newPage();
    const res = await again.goto(link);
    expect(res?.status()).toBe(410);
    await again.getByText('already been used').waitFor();
    await again.close();
    await assertClean(guest);
    await closePage(guest);

    // The owner sees the new member.
    await owner.goto('/app/settings');
    await owner.getByRole('rowheader', { name: /Sam Newcomer/ }).waitFor();
    expect(pathOf(owner)).toBe('/app/settings');

    // …and, in the audit log (written through the queue, so it may take a moment), who changed the agent and how.
    const edit = owner.locator('tr', { has: owner.locator('code', { hasText: 'agent.update' }) }).filter({ hasText: 'Sam Newcomer' });
    for (let i = 0; i < 30 && !(await edit.count()); i++) {
      await owner.goto('/app/settings/audit');
      if (!(await edit.count())) await owner.waitForTimeout(500);
    }
    await edit.first().getByText('before and after').click();
    await edit.first().getByText('Edited by Sam').waitFor();
    await owner
      .locator('tr', { has: owner.locator('code', { hasText: 'invitation.accept' }) })
      .first()
      .waitFor();
    await screenshot(owner, 'audit-log');
    await assertClean(owner);
    await closePage(owner);
  });

  test('Settings → Members fits a 375px phone, with members, a pending invitation and a new link', async (ctx) => {
    const page = await newPage(browser, ctx.task.name, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    const account = newAccount();
    await signUp(page, account);
    await page.goto('/app/settings');
    await page.locator('#invite-email').fill(`a-very-long-address-for-a-narrow-screen-${account.email}`);
    await page.locator('#invite-role').selectOption('admin');
    await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Invite', exact: true }).click()]);
    await page.locator('#invite-link').waitFor();
    await page.waitForLoadState('networkidle');
    const { scroll, width, wide } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      width: document.documentElement.clientWidth,
      wide: [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map((el) => el.outerHTML.slice(0, 100)),
    }));
    expect(scroll, wide.slice(0, 5).join('\n')).toBeLessThanOrEqual(width);
    // The organization switcher in the user menu.
    await page.locator('summary.user-menu-button').click();
    await page.getByRole('link', { name: 'Create organization' }).waitFor();
    const after = await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    expect(after).toBe(true);
    await page.locator('summary.user-menu-button').click();
    // A form on the page that showed the link still posts (its Referrer-Policy keeps the Origin header).
    await Promise.all([page.waitForURL(/notice=invitation_revoked/), page.getByRole('button', { name: /^Revoke/ }).click()]);
    await page.getByText('Invitation revoked').waitFor();
    await assertClean(page);
    await closePage(page);
  });
});
