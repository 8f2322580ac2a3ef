// Everything a user or a model writes renders as text on every management page: an agent named like an image tag
// with an onerror handler, and chat messages with script payloads (chat page, test panel, trace), run nothing.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addModelConnection, agentIdOf, createAgentFromPage, sendTestMessage, watchReply } from './app-flows';
import { assertClean, closePage, launchBrowser, newPage, screenshot } from './browser';
import { newAccount, signUp } from './flows';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const NAME = '<img src=x onerror=alert(1)>';
const PAYLOAD = '<script>alert(2)</script><img src=x onerror=alert(3)>';

/** No element came from a payload: no <img> in the page's main area, no injected <script>. */
async function expectInert(page: Page) {
  expect(await page.locator('#main img').count()).toBe(0);
  expect(await page.locator('#main script:not([src])').count()).toBe(0);
}

describe('user content is text', () => {
  test('an agent named like markup and script payloads in chats render as text and run nothing', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await signUp(page, newAccount());
    await addModelConnection(page);
    await createAgentFromPage(page, { name: NAME, connection: 'Test model' });
    const id = agentIdOf(page);
    await page.getByRole('heading', { name: NAME }).waitFor();
    await expectInert(page);

    // The test panel: the user's text and the model's reply stay text.
    await sendTestMessage(page, `${PAYLOAD} [[reply:${PAYLOAD} **bold**]]`);
    await expect.poll(() => page.locator('#test-log').textContent()).toContain('<script>alert(2)</script>');
    await expectInert(page);
    await screenshot(page, 'builder');

    // The chat page and the trace.
    // The first message starts the conversation, which then gets its address.
    await page.goto(`/app/agents/${id}/chat`);
    await page.locator('#chat-input').fill(`${PAYLOAD} [[tool:current_time {"timezone":"${PAYLOAD.replace(/"/g, '')}"}]]`);
    await page.locator('#chat-input').press('Enter');
    await watchReply(page, '#chat-log');
    await expect.poll(() => new URL(page.url()).searchParams.get('session'), { timeout: 15_000 }).toMatch(/^ses_/);
    await expect.poll(() => page.locator('#chat-log').textContent()).toContain('<img src=x onerror=alert(3)>');
    await expectInert(page);
    const session = new URL(page.url()).searchParams.get('session')!;
    await page.goto(`/app/sessions/${session}`);
    await page.locator('.trace-tool summary').first().click();
    await expectInert(page);
    await screenshot(page, 'trace');

    // Every list that shows the name.
    for (const path of ['/app', '/app/agents', `/app/agents/${id}/versions`, `/app/agents/${id}/sessions`, '/app/connections', '/app/logs']) {
      await page.goto(path);
      await expectInert(page);
      if (path !== '/app/connections' && path !== '/app/logs') expect(await page.locator('#main').textContent()).toContain(NAME);
    }
    expect(dialogs).toEqual([]);
    await assertClean(page);
    await closePage(page);
  });
});
