// Chat in a real browser: sign up, connect the test model through an openai_compatible connection, open Hello World
// and watch the reply arrive token by token; tool calls show as steps; nothing a model writes runs as HTML.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertClean, closePage, launchBrowser, newPage, screenshot } from './browser';
import { helloWorldId, newAccount, patchAgent, signUp, testModelConnection } from './flows';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Signs up, adds a connection to the test upstream, points Hello World at it, and opens a new conversation. */
async function openHelloWorldChat(page: Page) {
  await signUp(page, newAccount());
  const connectionId = await testModelConnection(page);
  const helloId = await helloWorldId(page);
  await patchAgent(page, helloId, { connection_id: connectionId, model: 'edgent-test' });

  await page
    .getByRole('link', { name: /open chat/i })
    .first()
    .click();
  await page.waitForURL(`**/app/agents/${helloId}/chat`);
  await Promise.all([
    page.waitForURL(/session=ses_/),
    page
      .getByRole('button', { name: /new conversation|say hello/i })
      .first()
      .click(),
  ]);
}

/** Types a message, sends it with Enter and records the assistant text every few ms until the reply settles. */
async function sendAndWatch(page: Page, text: string): Promise<string[]> {
  // The previous reply's request must have ended: while one is open the composer drops a new send (hx-sync).
  await page.locator('#chat-dock:not(.htmx-request)').waitFor();
  await page.locator('#chat-input').fill(text);
  await page.locator('#chat-input').press('Enter');
  return page.evaluate(async () => {
    const seen: string[] = [];
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const stream = document.querySelector('.chat-stream');
      const last = [...document.querySelectorAll('.chat-msg-assistant')].pop();
      const current = (stream ?? last)?.textContent?.trim() ?? '';
      if (current && current !== seen[seen.length - 1]) seen.push(current);
      if (!stream && seen.length) break;
      await new Promise((r) => setTimeout(r, 15));
    }
    return seen;
  });
}

describe('chat', () => {
  test('Hello World streams its reply token by token', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    await openHelloWorldChat(page);
    const seen = await sendAndWatch(page, 'Nice to meet you today [[delay:120]]');
    const final = 'Hello! You said: Nice to meet you today';
    expect(seen[seen.length - 1]).toContain(final);
    const growing = seen.filter((s) => final.startsWith(s) && s.length < final.length);
    expect(growing.length).toBeGreaterThanOrEqual(4); // several partial states were on screen before the end
    await screenshot(page, 'streamed');
    await page.reload();
    await expect.poll(() => page.locator('.chat-log').textContent()).toContain(final);
    await assertClean(page);
    await closePage(page);
  });

  test('a tool call shows as a collapsible step, and model markup stays text', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    await openHelloWorldChat(page);
    let alerted = false;
    page.on('dialog', async (d) => {
      alerted = true;
      await d.dismiss();
    });
    await sendAndWatch(page, 'time please [[tool:current_time {"timezone":"UTC"}]]');
    const step = page.locator('details', { hasText: 'current_time' }).first();
    await step.waitFor({ state: 'visible' });
    await sendAndWatch(page, '<img src=x onerror=alert(1)> [[reply:<img src=x onerror=alert(2)><script>alert(3)</script>]]');
    expect(await page.locator('.chat-log img').count()).toBe(0);
    expect(alerted).toBe(false);
    await expect.poll(() => page.locator('.chat-log').textContent()).toContain('<img src=x onerror=alert(2)>');
    await assertClean(page);
    await closePage(page);
  });

  test('the chat is usable at 375px', async (ctx) => {
    const page = await newPage(browser, ctx.task.name, { viewport: { width: 375, height: 740 } });
    await openHelloWorldChat(page);
    const seen = await sendAndWatch(page, 'phone [[delay:40]]');
    expect(seen[seen.length - 1]).toContain('Hello! You said: phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await assertClean(page);
    await closePage(page);
  });
});
