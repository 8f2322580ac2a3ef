// The widget re-attaching in a real browser, on another origin: a reload mid-answer shows the visitor's message and
// the reply from its start, going on live; a stream cut mid-answer continues in the same bubble. The reply once, whole.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { assertClean, closePage, launchBrowser, newPage } from './browser';
import { apiFromPage, newAccount, signUp } from './flows';
import { type HostSite, startHostSite } from './host-site';

let browser: Browser;
let site: HostSite;
let pk: string;

const WORDS = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa';
const MESSAGE = `[[reply:${WORDS}]] [[delay:150]]`;

beforeAll(async () => {
  browser = await launchBrowser();
  site = await startHostSite();
  const context = await browser.newContext({ baseURL: inject('baseUrl') });
  const page = await context.newPage();
  await signUp(page, newAccount());
  const hello = (await apiFromPage(page, 'GET', '/api/v1/agents')).json.data.find((a: any) => a.slug === 'hello-world');
  const key = await apiFromPage(page, 'POST', `/api/v1/agents/${hello.id}/embed-keys`, { allowed_origins: [site.origin] });
  expect(key.status).toBe(201);
  pk = key.json.public_key;
  await context.close();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const widget = (page: Page) => page.locator('edgent-chat');
const replies = (page: Page) => widget(page).locator('.m:not(.u):not(.e)');

async function openWidget(page: Page) {
  await page.goto(site.url({ widget: `${inject('baseUrl')}/widget.js`, agent: pk }));
  await widget(page).getByRole('button', { name: 'Open chat' }).click();
}

async function sendAndWaitForSome(page: Page) {
  await widget(page).getByRole('textbox', { name: 'Message' }).fill(MESSAGE);
  await widget(page).getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect.poll(() => replies(page).last().textContent(), { timeout: 10_000 }).toContain('charlie');
  expect(await replies(page).last().textContent()).not.toContain('papa');
}

/** Waits for the reply to finish and checks the visitor's message and the reply are there once, whole. */
async function expectWholeAnswerOnce(page: Page) {
  await expect.poll(() => replies(page).last().textContent(), { timeout: 20_000 }).toContain('papa');
  await expect.poll(() => widget(page).getByRole('button', { name: 'Send' }).count()).toBe(1); // reply finished
  expect(await widget(page).locator('.m.u').allTextContents()).toEqual([MESSAGE]);
  const texts = (await replies(page).allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
  expect(texts.filter((t) => t.includes('alpha'))).toEqual([WORDS]);
  expect(await widget(page).locator('.m.e').count()).toBe(0);
}

describe('widget re-attach', () => {
  test('a reload mid-answer shows the message and the reply so far, and it goes on live', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    await openWidget(page);
    await sendAndWaitForSome(page);
    await page.reload();
    await widget(page).getByRole('button', { name: 'Open chat' }).click();
    await expect.poll(() => replies(page).last().textContent(), { timeout: 10_000 }).toContain('charlie');
    expect(await replies(page).last().textContent()).not.toContain('papa'); // still streaming live
    await expectWholeAnswerOnce(page);
    await page.reload();
    await widget(page).getByRole('button', { name: 'Open chat' }).click();
    await expect.poll(() => replies(page).last().textContent()).toContain('papa');
    await expectWholeAnswerOnce(page); // stored once
    await assertClean(page);
    await closePage(page);
  });

  test('a stream cut mid-answer re-attaches and the rest arrives in the same bubble', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    // The network drops the first reply's stream after a few chunks, as a blip would.
    await page.addInitScript(() => {
      const real = window.fetch;
      let cut = false;
      window.fetch = async (input, init) => {
        const res = await real(input, init);
        if (cut || init?.method !== 'POST' || !String(input).endsWith('/messages')) return res;
        cut = true;
        const reader = res.body!.getReader();
        let chunks = 0;
        const body = new ReadableStream({
          async pull(c) {
            const { value, done } = await reader.read();
            if (done || ++chunks > 4) {
              void reader.cancel();
              c.error(new TypeError('network error'));
              return;
            }
            c.enqueue(value);
          },
        });
        return new Response(body, { status: res.status, headers: res.headers });
      };
    });
    await openWidget(page);
    await widget(page).getByRole('textbox', { name: 'Message' }).fill(MESSAGE);
    await widget(page).getByRole('textbox', { name: 'Message' }).press('Enter');
    await expect.poll(() => replies(page).count()).toBe(1);
    await expectWholeAnswerOnce(page);
    expect(await replies(page).count()).toBe(1); // one bubble
    await assertClean(page);
    await closePage(page);
  });
});
