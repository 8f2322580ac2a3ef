// Citations in a real browser (issue 19 §2): an agent with a knowledge base answers through search_knowledge; the
// chat page shows the passages under the answer as numbered links to the passage (/app/knowledge/<kb>/documents/
// <doc>#chunk-<position>), also after a reload; the widget on another site shows them as [n] titles that expand to
// the passage text. Screenshots at 1280 and 375 px, no sideways scroll; document titles are escaped.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { assertClean, closePage, launchBrowser, newPage, noSidewaysScroll, screenshot } from './browser';
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

const REFUNDS = 'You get your money back within 14 days of a purchase, no questions asked. Annual plans are refunded pro rata.';
const ASK = 'Can I get a refund? [[tool:search_knowledge {"query":"refund money back"}]]';

/** Signs up; a model connection to the test upstream; a base with one ready document; Hello World searching it. */
async function agentWithKnowledge(page: Page) {
  await signUp(page, newAccount());
  const connectionId = await testModelConnection(page);
  const kb = await apiFromPage(page, 'POST', '/api/v1/knowledge-bases', { name: 'Help center', connection_id: connectionId });
  expect(kb.status).toBe(201);
  const doc = await apiFromPage(page, 'POST', `/api/v1/knowledge-bases/${kb.json.id}/documents`, { title: 'Refund <policy> & terms', text: REFUNDS });
  expect(doc.status).toBe(202);
  await expect
    .poll(async () => (await apiFromPage(page, 'GET', `/api/v1/knowledge-bases/${kb.json.id}/documents/${doc.json.id}`)).json.status, {
      timeout: 30_000,
      interval: 300,
    })
    .toBe('ready');
  const helloId = await helloWorldId(page);
  await patchAgent(page, helloId, { connection_id: connectionId, model: 'edgent-test', knowledge_base_ids: [kb.json.id] });
  return { agentId: helloId, kbId: kb.json.id as string, docId: doc.json.id as string };
}

describe('knowledge citations', () => {
  test('the chat page shows an answer’s sources as numbered links to the passage, also after a reload', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    const { agentId, kbId, docId } = await agentWithKnowledge(page);
    await page.goto(`/app/agents/${agentId}/chat`);
    await Promise.all([
      page.waitForURL(/session=ses_/),
      page
        .getByRole('button', { name: /new conversation|say hello/i })
        .first()
        .click(),
    ]);
    await page.locator('#chat-dock:not(.htmx-request)').waitFor();
    await page.locator('#chat-input').fill(ASK);
    await page.locator('#chat-input').press('Enter');
    const sources = page.getByRole('navigation', { name: 'Sources' });
    await sources.waitFor({ timeout: 20_000 });
    const link = sources.getByRole('link', { name: 'Refund <policy> & terms' });
    expect(await link.getAttribute('href')).toBe(`/app/knowledge/${kbId}/documents/${docId}#chunk-0`);
    expect(await sources.locator('.chat-citation-n').first().textContent()).toBe('1');
    expect(await sources.textContent()).toContain('14 days of a purchase');
    await screenshot(page, 'chat-1280');
    await page.setViewportSize({ width: 375, height: 780 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'chat-375');
    await noSidewaysScroll(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.reload();
    await expect.poll(() => page.getByRole('navigation', { name: 'Sources' }).getByRole('link', { name: 'Refund <policy> & terms' }).count()).toBe(1);
    // The link opens the document's page at the passage.
    await Promise.all([page.waitForURL(/#chunk-0$/), page.getByRole('navigation', { name: 'Sources' }).getByRole('link').first().click()]);
    await page.locator('#chunk-0').waitFor();
    expect(await page.locator('#chunk-0').textContent()).toContain('14 days of a purchase');
    await assertClean(page);
    await closePage(page);
  });

  test('the widget on another site shows [n] titles that expand to the passage', async (ctx) => {
    const setup = await browser.newContext({ baseURL: inject('baseUrl') });
    const admin = await setup.newPage();
    const { agentId } = await agentWithKnowledge(admin);
    const key = await apiFromPage(admin, 'POST', `/api/v1/agents/${agentId}/embed-keys`, { allowed_origins: [site.origin] });
    expect(key.status).toBe(201);
    await setup.close();

    const page = await newPage(browser, ctx.task.name);
    await page.goto(site.url({ widget: `${inject('baseUrl')}/widget.js`, agent: key.json.public_key }));
    const w = page.locator('edgent-chat');
    await w.getByRole('button', { name: 'Open chat' }).click();
    await w.getByRole('textbox', { name: 'Message' }).fill(ASK);
    await w.getByRole('textbox', { name: 'Message' }).press('Enter');
    const source = w.locator('.src summary').first();
    await source.waitFor({ timeout: 20_000 });
    expect(await source.textContent()).toBe('[1] Refund <policy> & terms');
    const passage = w.locator('.src p').first();
    expect(await passage.isVisible()).toBe(false);
    await source.click();
    await expect.poll(() => passage.isVisible()).toBe(true);
    await w.locator('.log').evaluate((log) => (log.scrollTop = log.scrollHeight));
    expect(await passage.textContent()).toBe(REFUNDS);
    await screenshot(page, 'widget-1280');
    await page.setViewportSize({ width: 375, height: 740 });
    await screenshot(page, 'widget-375');
    await noSidewaysScroll(page);
    // History after a reload carries them too.
    await page.reload();
    await w.getByRole('button', { name: 'Open chat' }).click();
    await expect.poll(() => w.locator('.src summary').count(), { timeout: 15_000 }).toBe(1);
    await assertClean(page);
    await closePage(page);
  });
});
