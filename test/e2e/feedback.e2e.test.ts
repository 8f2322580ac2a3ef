// Thumbs on answers in a real browser: on the chat page and in the widget on another site, clicking a thumb under a
// streamed answer presses it, and the rating is still there after a reload; thumbs-down asks for an optional comment.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { assertClean, closePage, launchBrowser, newPage, screenshot } from './browser';
import { apiFromPage, helloWorldId, newAccount, patchAgent, signUp, testModelConnection } from './flows';
import { type HostSite, startHostSite } from './host-site';

let browser: Browser;
let site: HostSite;
beforeAll(async () => {
  browser = await launchBrowser();
  site = await startHostSite();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Signs up, points Hello World at the test upstream and opens a new conversation on the chat page. */
async function openChat(page: Page) {
  await signUp(page, newAccount());
  const connectionId = await testModelConnection(page);
  const helloId = await helloWorldId(page);
  await patchAgent(page, helloId, { connection_id: connectionId, model: 'edgent-test' });
  await page.goto(`/app/agents/${helloId}/chat`);
  await Promise.all([
    page.waitForURL(/session=ses_/),
    page
      .getByRole('button', { name: /new conversation|say hello/i })
      .first()
      .click(),
  ]);
  return helloId;
}

describe('thumbs', () => {
  test('on the chat page: a thumb under a streamed answer stays pressed after a reload, thumbs-down takes a comment', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    await openChat(page);
    await page.locator('#chat-dock:not(.htmx-request)').waitFor();
    await page.locator('#chat-input').fill('rate me [[reply:An answer worth rating]]');
    await page.locator('#chat-input').press('Enter');
    const good = page.getByRole('button', { name: 'Good answer' });
    await good.waitFor({ timeout: 15_000 });
    expect(await good.getAttribute('aria-pressed')).toBe('false');
    await good.click();
    await expect.poll(() => page.getByRole('button', { name: 'Good answer' }).getAttribute('aria-pressed')).toBe('true');
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Good answer' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('button', { name: 'Bad answer' }).getAttribute('aria-pressed')).toBe('false');
    // Keyboard: focus the thumbs-down and press Enter; the comment form opens.
    await page.getByRole('button', { name: 'Bad answer' }).focus();
    await page.keyboard.press('Enter');
    const comment = page.getByLabel('What was wrong? (optional)');
    await comment.waitFor();
    await comment.fill('Too vague');
    await page.getByRole('button', { name: 'Send comment' }).click();
    await expect.poll(() => page.locator('.chat-feedback').textContent()).toContain('Too vague');
    await screenshot(page, 'rated');
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Bad answer' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('.chat-feedback').textContent()).toContain('Too vague');
    await assertClean(page);
    await closePage(page);
  });

  test('in the widget on another site: the rating persists across a reload', async (ctx) => {
    const setup = await browser.newContext({ baseURL: inject('baseUrl') });
    const admin = await setup.newPage();
    await signUp(admin, newAccount());
    const key = await apiFromPage(admin, 'POST', `/api/v1/agents/${await helloWorldId(admin)}/embed-keys`, { allowed_origins: [site.origin] });
    expect(key.status).toBe(201);
    await setup.close();

    const page = await newPage(browser, ctx.task.name);
    await page.goto(site.url({ widget: `${inject('baseUrl')}/widget.js`, agent: key.json.public_key }));
    const w = page.locator('edgent-chat');
    await w.getByRole('button', { name: 'Open chat' }).click();
    await w.getByRole('textbox', { name: 'Message' }).fill('hello [[reply:Widget answer]]');
    await w.getByRole('textbox', { name: 'Message' }).press('Enter');
    const good = w.getByRole('button', { name: 'Good answer' });
    await good.waitFor({ timeout: 15_000 });
    await good.click();
    await expect.poll(() => w.getByRole('button', { name: 'Good answer' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'widget-rated');
    await page.reload();
    await w.getByRole('button', { name: 'Open chat' }).click();
    await expect.poll(() => w.getByRole('button', { name: 'Good answer' }).getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true');
    expect(await w.getByRole('button', { name: 'Bad answer' }).getAttribute('aria-pressed')).toBe('false');
    await assertClean(page);
    await closePage(page);
  });

  test("the agent's Conversations page finds a conversation by its words and by its rating", async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    const agentId = await openChat(page);
    const sessions = await apiFromPage(page, 'GET', `/api/v1/sessions?agent_id=${agentId}`);
    const sessionId = sessions.json.data[0].id;
    const said = await apiFromPage(page, 'POST', `/api/v1/sessions/${sessionId}/messages`, {
      content: 'Where is my <parcel>? [[reply:Your parcel ships Monday.]]',
    });
    expect(said.status).toBe(200);
    await page.goto(`/app/agents/${agentId}/sessions`);
    const box = page.getByLabel('Search messages');
    // The index is filled by the queue consumer a moment after the turn.
    await expect
      .poll(
        async () => {
          await box.fill('parc');
          await box.press('Enter');
          await page.waitForLoadState('networkidle');
          return page.locator('#session-results mark').count();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBeGreaterThan(0);
    expect(await page.locator('#session-results').textContent()).toContain('<parcel>');
    await screenshot(page, 'search');
    await page.setViewportSize({ width: 375, height: 740 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'search-375-dark');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 800 });
    await box.fill('');
    await page.getByLabel('Feedback').selectOption('down');
    await expect.poll(() => page.locator('#session-results').textContent()).toContain('No conversations match');
    await assertClean(page);
    await closePage(page);
  });
});
