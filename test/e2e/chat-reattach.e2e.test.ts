// The chat page re-attaching in a real browser: a reload mid-answer shows what was streamed so far and goes on live,
// and a stream cut mid-answer (a network blip) continues in the same bubble; either way the answer appears once, whole.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertClean, closePage, launchBrowser, newPage } from './browser';
import { helloWorldId, newAccount, patchAgent, signUp, testModelConnection } from './flows';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const WORDS = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa';

/** Signs up, points Hello World at the test upstream and opens a new conversation with it. */
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
}

/** Sends a slow reply and waits until part of it is on screen (not all). */
async function sendAndWaitForSome(page: Page) {
  await page.locator('#chat-input').fill(`[[reply:${WORDS}]] [[delay:150]]`);
  await page.locator('#chat-input').press('Enter');
  await expect.poll(() => page.locator('.chat-stream').first().textContent(), { timeout: 10_000 }).toContain('charlie');
  expect(await page.locator('.chat-stream').first().textContent()).not.toContain('papa');
}

/** Waits for the reply to settle and checks it is on the page once, whole, in one bubble. */
async function expectWholeAnswerOnce(page: Page) {
  await page.locator('.chat-msg-assistant .chat-stream').first().waitFor({ state: 'detached', timeout: 20_000 });
  const assistants = await page.locator('.chat-msg-assistant').allTextContents();
  expect(assistants).toHaveLength(1);
  expect(assistants[0]!.replace(/\s+/g, ' ').trim()).toBe(WORDS);
  expect(await page.locator('.chat-msg-user').count()).toBe(1);
  expect(await page.locator('.chat-note-interrupted').count()).toBe(0);
}

describe('chat re-attach', () => {
  test('a reload mid-answer shows the text so far and continues live, without duplicates', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    await openChat(page);
    await sendAndWaitForSome(page);
    await page.reload();
    // The page drawn mid-answer: the user's message and a bubble that fills in from the turn's start.
    await expect.poll(() => page.locator('.chat-msg-assistant').first().textContent(), { timeout: 10_000 }).toContain('charlie');
    const midway = await page.locator('.chat-msg-assistant').first().textContent();
    expect(midway).not.toContain('papa'); // still streaming live
    await expectWholeAnswerOnce(page);
    await page.reload();
    await expectWholeAnswerOnce(page); // and it was stored once
    await assertClean(page);
    await closePage(page);
  });

  test('a stream cut mid-answer re-attaches and the rest streams into the same bubble', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    await openChat(page);
    await sendAndWaitForSome(page);
    const bubble = await page.locator('.chat-msg-assistant').first().getAttribute('id');
    // The network drops the stream: the reader of htmx's SSE connection ends as on a cut connection.
    await page.evaluate(() => (document.getElementById('chat-form') as any)._htmx.sse.reader.cancel());
    await expectWholeAnswerOnce(page);
    expect(await page.locator('.chat-msg-assistant').first().getAttribute('id')).toBe(bubble);
    await assertClean(page);
    await closePage(page);
  });
});
