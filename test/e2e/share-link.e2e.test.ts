// A share link in a real browser: the owner shares an agent by link, and a fresh browser context (no account, no
// cookie) opens /s/:token, chats with a streamed reply, reloads and finds the conversation again. A rotated link is
// the 404 page. The owner then sees the conversation, labelled as coming from the share link.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { assertClean, closePage, launchBrowser, newPage, screenshot } from './browser';
import { apiFromPage, newAccount, signUp } from './flows';

let browser: Browser;
let owner: BrowserContext;
let ownerPage: Page;
let agentId: string;
let url: string;

beforeAll(async () => {
  browser = await launchBrowser();
  owner = await browser.newContext({ baseURL: inject('baseUrl') });
  ownerPage = await owner.newPage();
  await signUp(ownerPage, newAccount());
  const agents = await apiFromPage(ownerPage, 'GET', '/api/v1/agents');
  agentId = agents.json.data.find((a: any) => a.slug === 'hello-world').id;
  const patched = await apiFromPage(ownerPage, 'PATCH', `/api/v1/agents/${agentId}`, { visibility: 'link', description: 'Says hello back.' });
  expect(patched.status).toBe(200);
  const link = await apiFromPage(ownerPage, 'GET', `/api/v1/agents/${agentId}/share-link`);
  expect(link.status).toBe(200);
  url = link.json.url;
});
afterAll(async () => {
  await owner?.close();
  await browser?.close();
});

const chat = (page: Page) => page.locator('edgent-chat');

describe('share link', () => {
  test('a visitor without an account chats on /s/:token, and finds the conversation after a reload', async (ctx) => {
    const page = await newPage(browser, ctx.task.name); // a fresh context: no cookie
    expect(await page.context().cookies()).toEqual([]);
    await page.goto(url);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Hello World');
    expect(await page.textContent('body')).toContain('Says hello back.');
    const box = chat(page).getByRole('textbox', { name: 'Message' });
    await box.waitFor();
    await box.fill('Hi from a visitor [[delay:50]]');
    await box.press('Enter');
    await expect.poll(() => chat(page).locator('.m:not(.u)').last().textContent(), { timeout: 15_000 }).toContain('Hello! You said: Hi from a visitor');
    await expect.poll(() => chat(page).getByRole('button', { name: 'Send' }).count()).toBe(1);
    await screenshot(page, 'replied');

    await page.reload();
    await expect.poll(() => chat(page).locator('.log').textContent(), { timeout: 10_000 }).toContain('Hello! You said: Hi from a visitor');
    expect(await page.context().cookies()).toEqual([]);
    await assertClean(page);
    await closePage(page);

    // The owner finds it among the agent's conversations.
    await ownerPage.goto(`/app/agents/${agentId}/sessions`);
    expect(await ownerPage.textContent('body')).toContain('via share link');
  });

  test('a rotated link is the 404 page', async (ctx) => {
    const rotated = await apiFromPage(ownerPage, 'DELETE', `/api/v1/agents/${agentId}/share-link`);
    expect(rotated.status).toBe(200);
    const page = await newPage(browser, ctx.task.name);
    const res = await page.goto(url);
    expect(res?.status()).toBe(404);
    expect(await page.textContent('body')).toContain('Share link not found');
    const fresh = await page.goto(rotated.json.url);
    expect(fresh?.status()).toBe(200);
    await closePage(page);
    url = rotated.json.url;
  });
});
