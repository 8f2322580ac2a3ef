// Files in chat in a real browser (issue 19 §2): on the chat page and in the widget a person attaches a file with the
// paperclip, sees its chip (and can remove it), sends it, and the reply shows the model read it (the test upstream's
// [[echo:user]]); on the chat page the chip then downloads the original; a type the agent does not take is said
// inline. Screenshots at 1280 and 375 px, no sideways scroll.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { assertClean, closePage, launchBrowser, newPage, noSidewaysScroll, screenshot } from './browser';
import { apiFromPage, helloWorldId, newAccount, patchAgent, signUp } from './flows';
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

const NOTES = {
  name: 'delivery-notes.md',
  mimeType: 'text/markdown',
  buffer: Buffer.from('# Delivery notes\n\nThe blue van leaves the depot at 06:40 on Tuesdays.\n'),
};
const FILES = { enabled: true, types: ['md', 'txt', 'csv'], max_bytes: 100_000 };

/** Signs up and lets Hello World (on the test model, through the operator default) take Markdown, text and CSV files. */
async function filesAgent(page: Page): Promise<string> {
  await signUp(page, newAccount());
  const helloId = await helloWorldId(page);
  await patchAgent(page, helloId, { model: 'edgent-test', attachments: FILES });
  return helloId;
}

describe('files in chat', () => {
  test('chat page: attach, see the chip, remove, refuse a type, send, and the reply reads the file', { timeout: 90_000 }, async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    const agentId = await filesAgent(page);
    await page.goto(`/app/agents/${agentId}/chat`);
    const attach = page.getByText('Attach a file (MD, TXT, CSV, up to 97.7 KB)');
    expect(await attach.count()).toBe(1);

    await page.setInputFiles('#chat-file', { name: 'rows.json', mimeType: 'application/json', buffer: Buffer.from('{}') });
    await expect.poll(() => page.locator('#chat-file-error').textContent()).toBe('rows.json: this agent accepts MD, TXT, CSV files.');
    expect(await page.locator('#chat-file-chip').isHidden()).toBe(true);

    await page.setInputFiles('#chat-file', NOTES);
    await page.locator('#chat-file-chip').waitFor();
    expect(await page.locator('#chat-file-chip').textContent()).toContain('delivery-notes.md');
    expect(await page.locator('#chat-file-error').isHidden()).toBe(true);
    await screenshot(page, 'chosen-1280');
    await page.getByRole('button', { name: 'Remove the file' }).click();
    expect(await page.locator('#chat-file-chip').isHidden()).toBe(true);

    await page.setInputFiles('#chat-file', NOTES);
    await page.locator('#chat-input').fill('[[echo:user]] When does the van leave?');
    await page.locator('#chat-input').press('Enter');
    await expect.poll(() => page.locator('.chat-msg-assistant').last().textContent(), { timeout: 15_000 }).toContain('06:40 on Tuesdays');
    await page.locator('#chat-dock:not(.htmx-request)').waitFor();
    expect(await page.locator('.chat-msg-user .file-chip').last().textContent()).toContain('delivery-notes.md');
    expect(await page.locator('#chat-file-chip').isHidden()).toBe(true); // the composer is empty again
    await noSidewaysScroll(page);
    await screenshot(page, 'sent-1280');

    await page.reload();
    await expect.poll(() => page.locator('.chat-msg-user .file-chip').count()).toBe(1);
    // The chip downloads the original, byte for byte, under its name.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.chat-msg-user a.file-chip-link').click()]);
    expect(download.suggestedFilename()).toBe('delivery-notes.md');
    expect(readFileSync(await download.path())).toEqual(NOTES.buffer);
    await page.setViewportSize({ width: 375, height: 812 });
    await page.setInputFiles('#chat-file', { ...NOTES, name: 'a-rather-long-file-name-for-a-small-phone-screen.md' });
    await page.locator('#chat-file-chip').waitFor();
    await noSidewaysScroll(page);
    await screenshot(page, 'phone-375');
    await assertClean(page);
    await closePage(page);
  });

  test('widget: attach with the paperclip, send, the history keeps the chip after a reload', { timeout: 90_000 }, async (ctx) => {
    const setup = await newPage(browser, `${ctx.task.name}-setup`);
    const agentId = await filesAgent(setup);
    const key = await apiFromPage(setup, 'POST', `/api/v1/agents/${agentId}/embed-keys`, { allowed_origins: [site.origin], theme: { title: 'Acme help' } });
    expect(key.status).toBe(201);
    await closePage(setup);

    const page = await newPage(browser, ctx.task.name);
    await page.goto(site.url({ widget: `${inject('baseUrl')}/widget.js`, agent: key.json.public_key }));
    const widget = page.locator('edgent-chat');
    await widget.getByRole('button', { name: 'Open chat' }).click();
    await widget.getByRole('dialog', { name: 'Acme help' }).waitFor();
    expect(await widget.getByRole('button', { name: 'Attach a file' }).isVisible()).toBe(true);

    await widget.locator('input[type=file]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
    await expect.poll(() => widget.locator('.m.e').last().textContent()).toBe('This chat accepts MD, TXT, CSV files up to 98 KB.');
    await widget.locator('input[type=file]').setInputFiles(NOTES);
    await expect.poll(() => widget.locator('.tray').textContent()).toContain('delivery-notes.md');
    await screenshot(page, 'chosen-1280');

    await widget.getByRole('textbox', { name: 'Message' }).fill('[[echo:user]] When does the van leave?');
    await widget.getByRole('textbox', { name: 'Message' }).press('Enter');
    await expect.poll(() => widget.locator('.m:not(.u)').last().textContent(), { timeout: 15_000 }).toContain('06:40 on Tuesdays');
    await expect.poll(() => widget.getByRole('button', { name: 'Send' }).count()).toBe(1);
    expect(await widget.locator('.m.u .fc').last().textContent()).toContain('delivery-notes.md');
    expect(await widget.locator('.tray').isHidden()).toBe(true);
    await screenshot(page, 'sent-1280');

    await page.reload();
    await widget.getByRole('button', { name: 'Open chat' }).click();
    await expect.poll(() => widget.locator('.m.u .fc').count()).toBe(1);
    // The stored chip downloads the original with the visitor's token.
    const [download] = await Promise.all([page.waitForEvent('download'), widget.locator('.m.u button.fc').click()]);
    expect(download.suggestedFilename()).toBe('delivery-notes.md');
    expect(readFileSync(await download.path())).toEqual(NOTES.buffer);
    await page.setViewportSize({ width: 375, height: 812 });
    await widget.locator('input[type=file]').setInputFiles(NOTES);
    await expect.poll(() => widget.locator('.tray').isVisible()).toBe(true);
    await noSidewaysScroll(page);
    await screenshot(page, 'phone-375');
    await assertClean(page);
    await closePage(page);
  });
});
