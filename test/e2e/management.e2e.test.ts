// A new user's whole path through the management UI, in a real browser: sign up, add a model connection and test
// it, chat with Hello World and watch it stream, create an HTTP tool and try it, build an agent that uses it from
// the test panel (unsaved draft), read the trace, save versions and restore an earlier one; back/forward work.
// Files in the test panel: the paperclip follows the draft's Files in chat fields, a file is checked, sent and read.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { addModelConnection, agentIdOf, createAgentFromPage, sendTestMessage, watchReply } from './app-flows';
import { assertClean, closePage, issues, launchBrowser, newPage, screenshot } from './browser';
import { apiFromPage, newAccount, signUp } from './flows';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const NOTES = {
  name: 'delivery-notes.md',
  mimeType: 'text/markdown',
  buffer: Buffer.from('# Delivery notes\n\nThe blue van leaves the depot at 06:40 on Tuesdays.\n'),
};
const ROWS = { name: 'rows.json', mimeType: 'application/json', buffer: Buffer.from('[{"route": "north"}]') };

async function noSidewaysScroll(page: Page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
}

describe('management UI', () => {
  test('a new user goes from sign-up to a versioned agent with a working HTTP tool', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    await signUp(page, newAccount());
    await page.getByText('0 of 3 done').waitFor();
    await screenshot(page, '1-dashboard');

    // A model connection to the test upstream, tested from its card.
    await addModelConnection(page);
    await screenshot(page, '2-connection-tested');

    // Hello World, pointed at the connection in its builder (the model list comes from the connection), then chat.
    await page.goto('/app');
    await page.getByRole('link', { name: 'Hello World', exact: true }).click();
    await page.waitForURL(/\/app\/agents\/agt_[0-9a-z]+$/);
    await page.getByLabel('Connection', { exact: true }).selectOption({ label: 'Test model' });
    await page.getByText('3 models available from the connection').waitFor();
    await page.locator('#field-model').fill('edgent-test');
    await Promise.all([page.waitForURL(/saved=2/), page.getByRole('button', { name: 'Save version 2' }).click()]);
    await page.getByText('Saved as version 2').waitFor();
    await page.getByRole('navigation', { name: 'Agent pages' }).getByRole('link', { name: 'Chat' }).click();
    await Promise.all([
      page.waitForURL(/session=ses_/),
      page
        .getByRole('button', { name: /start a conversation|new conversation/i })
        .first()
        .click(),
    ]);
    await page.locator('#chat-input').fill('Nice to meet you [[delay:100]]');
    await page.locator('#chat-input').press('Enter');
    const seen = await watchReply(page, '#chat-log');
    const final = 'Hello! You said: Nice to meet you';
    expect(seen[seen.length - 1]).toContain(final);
    expect(seen.filter((s) => final.startsWith(s) && s.length < final.length).length).toBeGreaterThanOrEqual(3);
    await screenshot(page, '3-hello-world-streamed');

    // An HTTP tool from the form, tried with sample arguments.
    await page.goto('/app/tools/new');
    await page.getByLabel('Name', { exact: true }).fill('lookup_order');
    await page.getByLabel('Description', { exact: true }).fill('Look up an order by its id');
    await page.getByLabel('URL', { exact: true }).fill(`${inject('toolsApiUrl')}/echo/orders/{order_id}`);
    await page.getByLabel('Parameter 1 name').fill('order_id');
    await page.getByLabel('Parameter 1 description').fill('The order id, e.g. A-42');
    await page.locator('input[name="p_required"][value="0"]').check();
    await Promise.all([page.waitForURL(/notice=tool_created/), page.getByRole('button', { name: 'Create tool' }).click()]);
    await page.getByLabel('Arguments (JSON)').fill('{"order_id": "A-42"}');
    await page.getByRole('button', { name: 'Run tool' }).click();
    await expect.poll(() => page.locator('#trial-result').textContent()).toContain('/echo/orders/A-42');
    expect(await page.locator('#trial-result').textContent()).toContain('Success');
    await screenshot(page, '4-tool-tried');

    // An agent that uses the tool: picked in the builder, tried in the test panel before saving.
    await createAgentFromPage(page, { name: 'Order desk', connection: 'Test model' });
    const agentId = agentIdOf(page);
    await page.getByLabel(/lookup_order/).check();
    await sendTestMessage(page, 'Where is A-42? [[tool:lookup_order {"order_id":"A-42"}]]');
    const step = page.locator('#test-log details.chat-step', { hasText: 'lookup_order' });
    await expect.poll(() => step.locator('.chat-step-state').textContent()).toContain('Done');
    expect(await page.locator('#test-log').textContent()).toContain('/echo/orders/A-42');
    await screenshot(page, '5-test-panel-tool');

    // The trace of that test shows the tool call with its arguments.
    await page.getByRole('link', { name: 'View the trace of this test' }).click();
    await page.waitForURL(/\/app\/sessions\/ses_/);
    const toolRow = page.locator('.trace-tool', { hasText: 'lookup_order' });
    await toolRow.locator('summary').click();
    await expect.poll(() => toolRow.textContent()).toContain('"order_id": "A-42"');
    await page.getByText('Test of a draft').waitFor();
    await screenshot(page, '6-trace');

    // Save (v2 adds the tool), change the instructions and save (v3), then restore v2 from the history.
    await page.goto(`/app/agents/${agentId}`);
    await page.getByLabel(/lookup_order/).check();
    await Promise.all([page.waitForURL(/saved=2/), page.getByRole('button', { name: 'Save version 2' }).click()]);
    await page.getByRole('textbox', { name: 'Instructions', exact: true }).fill('You answer questions about {{shop}} orders.');
    await page.getByLabel('{{shop}}').fill('Acme');
    await Promise.all([page.waitForURL(/saved=3/), page.getByRole('button', { name: 'Save version 3' }).click()]);
    await page.getByRole('navigation', { name: 'Agent pages' }).getByRole('link', { name: 'Versions' }).click();
    await page.getByRole('link', { name: /^Version 2/ }).click();
    await page.getByText('Version 2 compared with version 1').waitFor();
    await Promise.all([page.waitForURL(/restored=2/), page.getByRole('button', { name: 'Restore version 2' }).click()]);
    await page.getByText('Restored version 2 as version 4').waitFor();
    await page.goto(`/app/agents/${agentId}`);
    expect(await page.getByRole('textbox', { name: 'Instructions', exact: true }).inputValue()).not.toContain('{{shop}}');
    expect(await page.getByLabel(/lookup_order/).isChecked()).toBe(true);
    await screenshot(page, '7-restored');

    // Search updates the list in place and pushes the URL: back and forward work.
    await page.goto('/app/agents');
    await page.getByLabel('Search agents').fill('Order');
    await page.waitForURL(/q=Order/);
    await expect.poll(() => page.locator('#agents-results').textContent()).not.toContain('Hello World');
    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/app/agents' && !u.search);
    await page.getByRole('link', { name: 'Hello World', exact: true }).waitFor();
    await page.goForward();
    await page.waitForURL(/q=Order/);
    await expect.poll(() => page.locator('#agents-results').textContent()).not.toContain('Hello World');

    await assertClean(page);
    await closePage(page);
  });

  test('forms work without JavaScript: connection, agent, builder save and the test panel', async (ctx) => {
    const page = await newPage(browser, ctx.task.name, { javaScriptEnabled: false });
    await signUp(page, newAccount());
    await page.goto('/app/connections/new');
    await page.getByLabel('Name', { exact: true }).fill('No-JS model');
    await page.getByLabel('Base URL').fill(inject('llmUrl')!);
    await page.getByLabel('Secret').fill('sk-e2e-nojs-key-0002');
    await Promise.all([page.waitForURL('**/app/connections?**'), page.getByRole('button', { name: 'Add connection' }).click()]);
    await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: /^Test No-JS model/ }).click()]);
    await page.getByText('Connected: 3 models available').waitFor();
    await createAgentFromPage(page, { template: 'summarizer', name: 'Plain summarizer', connection: 'No-JS model' });
    await page.locator('#test-input').fill('[[reply:Summary without scripts]]');
    await Promise.all([page.waitForLoadState(), page.locator('#test-send').click()]);
    await page.locator('#test-log .chat-msg-assistant').getByText('Summary without scripts').waitFor();
    // A save without a change makes no version; a changed field does.
    await Promise.all([page.waitForURL(/notice=no_changes/), page.getByRole('button', { name: 'Save version 2' }).click()]);
    await page.getByText('No changes to save').waitFor();
    await page.getByLabel(/^Description/).fill('Summaries, no scripts needed');
    await Promise.all([page.waitForURL(/saved=2/), page.getByRole('button', { name: 'Save version 2' }).click()]);
    await page.getByText('Saved as version 2').waitFor();
    await assertClean(page);
    await closePage(page);
  });

  test('test panel: files in the unsaved draft are attached, checked, sent and read', { timeout: 90_000 }, async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    await signUp(page, newAccount());
    const agents = await apiFromPage(page, 'GET', '/api/v1/agents');
    const hello = agents.json.data.find((a: any) => a.slug === 'hello-world');
    expect((await apiFromPage(page, 'PATCH', `/api/v1/agents/${hello.id}`, { model: 'edgent-test' })).status).toBe(200);
    await page.goto(`/app/agents/${hello.id}`);
    const attach = page.locator('label[for="test-file"]');
    expect(await attach.isVisible()).toBe(false); // the agent takes no files

    // Turned on in the draft (not saved): the paperclip appears for the checked types and the size typed.
    await page.getByLabel('Accept files').check();
    for (const type of ['Text', 'HTML', 'PDF', 'Word (DOCX)', 'JSON']) await page.getByLabel(type, { exact: true }).uncheck();
    await page.getByLabel('Largest file (MB)').fill('0.1');
    await expect.poll(() => attach.isVisible()).toBe(true);
    expect(await page.getByText('Attach a file (MD, CSV, up to 102.4 KB)').count()).toBe(1);
    expect(await page.locator('#test-file').getAttribute('accept')).toBe('.md,.csv');

    // Refused here, before sending: another type, then a file over the size.
    await page.setInputFiles('#test-file', ROWS);
    await expect.poll(() => page.locator('#test-file-error').textContent()).toBe('rows.json: this draft accepts MD, CSV files.');
    expect(await page.locator('#test-file-chip').isHidden()).toBe(true);
    await page.setInputFiles('#test-file', { ...NOTES, name: 'big.md', buffer: Buffer.alloc(200_000, 'a') });
    await expect.poll(() => page.locator('#test-file-error').textContent()).toBe('big.md is 195.3 KB; this draft accepts files up to 102.4 KB.');

    // Chosen with the keyboard's path (the input is focusable), removed, chosen again, sent with Enter.
    await page.setInputFiles('#test-file', NOTES);
    await page.locator('#test-file-chip').waitFor();
    expect(await page.locator('#test-file-chip').textContent()).toContain('delivery-notes.md');
    expect(await page.locator('#test-file-error').isHidden()).toBe(true);
    await page.getByRole('button', { name: 'Remove the file' }).click();
    expect(await page.locator('#test-file-chip').isHidden()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('test-input');
    await page.setInputFiles('#test-file', NOTES);
    await screenshot(page, 'chosen-1280');
    await page.locator('#test-input').fill('[[echo:user]] When does the van leave?');
    await page.locator('#test-input').press('Enter');
    await expect.poll(() => page.locator('#test-log .chat-msg-assistant').last().textContent(), { timeout: 15_000 }).toContain('06:40 on Tuesdays');
    await page.locator('#test-dock:not(.htmx-request)').waitFor();
    expect(await page.locator('#test-log .chat-msg-user .file-chip').last().textContent()).toContain('delivery-notes.md');
    expect(await page.locator('#test-file-chip').isHidden()).toBe(true); // the panel is empty again
    expect(await page.locator('#test-input').inputValue()).toBe('');
    await page.locator('#test-log').evaluate((log) => (log.scrollTop = 0));
    await page.setInputFiles('#test-file', NOTES);
    await noSidewaysScroll(page);
    await screenshot(page, 'sent-1280');
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole('link', { name: 'Test panel ↓' }).click();
    await noSidewaysScroll(page);
    await screenshot(page, 'phone-375');
    await page.setViewportSize({ width: 1280, height: 800 });
    await assertClean(page);

    // The server checks again: a page whose check is out of date sends JSON; the 415 is said in the panel and the
    // typed text stays.
    await page.locator('#test-file').evaluate((input: HTMLInputElement) => (input.dataset.types = 'md csv json'));
    await page.setInputFiles('#test-file', ROWS);
    await page.locator('#test-input').fill('Read these rows');
    await page.locator('#test-send').click();
    const alert = page.locator('#test-log [role="alert"]').last();
    await expect.poll(() => alert.textContent()).toContain('.json files are not accepted here. This agent accepts MD, CSV files.');
    expect(await page.locator('#test-input').inputValue()).toBe('Read these rows');
    expect(issues(page).filter((i) => !/status of 415/.test(i))).toEqual([]);

    // Files off again in the draft: no paperclip, and the chosen file is dropped.
    await page.getByLabel('Accept files').uncheck();
    await expect.poll(() => attach.isVisible()).toBe(false);
    expect(await page.locator('#test-file-chip').isHidden()).toBe(true);
    await closePage(page);
  });
});
