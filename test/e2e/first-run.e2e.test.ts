// A new user's first chat on an install without an operator default model (issue 11 §1): sign up → add a model
// connection that passes its test → open Hello World from the dashboard → it answers, with no other step. Runs
// against its own `wrangler dev` started without OPENAI_BASE_URL/OPENAI_API_KEY, in a real Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { applyMigrations, freePort, generateDevVars, startWrangler, waitForHealth } from '../../scripts/dev-env.mjs';
import { addModelConnection } from './app-flows';
import { assertClean, closePage, launchBrowser, newPage, screenshot } from './browser';
import { apiFromPage, newAccount, signUp } from './flows';

type Server = { url: string; exited: Promise<number | null>; output(): string; stop(): Promise<void> };

let browser: Browser;
let bare: Server;
let stateDir: string;

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'edgent-first-run-'));
  const persistTo = join(stateDir, 'wrangler');
  await applyMigrations(persistTo, { log: () => {} });
  // No operator default: a model only exists once the user brings one.
  bare = await startWrangler({ port: await freePort(), persistTo, vars: generateDevVars(), stdio: 'pipe' });
  await waitForHealth(bare.url, { exited: bare.exited, timeoutMs: 90_000 }).catch((e: Error) => {
    throw new Error(`wrangler dev did not start: ${e.message}\n${bare.output().slice(-3000)}`);
  });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await bare?.stop();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

describe('first run', () => {
  test('sign up, add a connection that passes its test, open Hello World: it answers', async () => {
    const page = await newPage(browser, 'first-run', { baseURL: bare.url });
    const account = newAccount();
    await signUp(page, account);
    await page.getByText('Welcome, Ada', { exact: true }).waitFor();
    await expect.poll(() => page.locator('.checklist').textContent()).toContain('0 of 3 done');

    // Before any connection Hello World has no model: the page says so and the composer is off.
    await page
      .locator('.checklist')
      .getByRole('link', { name: /Chat with Hello World/ })
      .click();
    await page.getByText('No model connected').waitFor();
    expect(await page.locator('#chat-input').isDisabled()).toBe(true);
    expect(await page.getByText('Pick a conversation').count()).toBe(0);

    await addModelConnection(page);
    const card = page.locator('.conn-card', { hasText: 'Test model' });
    await expect.poll(() => card.locator('.check-adopted').textContent()).toMatch(/Hello World now uses it \(gpt-4o-mini, version 2\)/);
    // The card's "used by" line follows at once, without a reload.
    await expect.poll(() => card.locator(".conn-meta[id^='conn-users-']").textContent()).toBe('Used by Hello World');
    await screenshot(page, 'connection-adopted');

    // The dashboard ticks the step; "Open chat" goes straight to a composer that works.
    await page.goto('/app');
    await expect.poll(() => page.locator('.checklist').textContent()).toContain('1 of 3 done');
    await page
      .locator('.checklist')
      .getByRole('link', { name: /Chat with Hello World/ })
      .click();
    await page.waitForURL(/\/app\/agents\/agt_[0-9a-z]+\/chat$/);
    expect(await page.getByText('No model connected').count()).toBe(0);
    const input = page.locator('#chat-input');
    await input.fill('Hello! [[reply:Hi Ada, nice to meet you.]]');
    await input.press('Enter');
    await expect
      .poll(() => page.locator('#chat-log .chat-msg-assistant .chat-text').last().textContent(), { timeout: 15_000 })
      .toContain('Hi Ada, nice to meet you.');
    expect(await page.locator('#chat-log .alert').count()).toBe(0);

    // The conversation got its address and shows in the list, titled by the first message.
    await expect.poll(() => new URL(page.url()).searchParams.get('session')).toMatch(/^ses_/);
    await expect.poll(() => page.locator('#chat-side .chat-session-title').first().textContent(), { timeout: 10_000 }).toContain('Hello!');
    await screenshot(page, 'chat-1280');

    // A reload stays in the conversation; a second message goes to the same one.
    await page.reload();
    await input.fill('[[reply:Still here.]]');
    await input.press('Enter');
    await expect.poll(() => page.locator('#chat-log .chat-msg-assistant .chat-text').last().textContent(), { timeout: 15_000 }).toContain('Still here.');
    await expect.poll(() => page.locator('#chat-side .chat-session').count()).toBe(1);

    await page.setViewportSize({ width: 375, height: 812 });
    await page.reload();
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await screenshot(page, 'chat-375');
    await assertClean(page);
    await closePage(page);
  });
});

describe('when things go wrong', () => {
  test('a reply that cannot connect offers Retry and a link to fix the connection; the builder marks unsaved changes', async () => {
    const page = await newPage(browser, 'first-run-failures', { baseURL: bare.url });
    await signUp(page, newAccount());
    const con = await apiFromPage(page, 'POST', '/api/v1/connections', {
      name: 'Down',
      kind: 'openai_compatible',
      base_url: 'http://127.0.0.1:9/v1',
      auth: { type: 'none' },
    });
    const agent = await apiFromPage(page, 'POST', '/api/v1/agents', { name: 'Unlucky', model: 'm', connection_id: con.json.id });
    expect(agent.status).toBe(201);

    await page.goto(`/app/agents/${agent.json.id}/chat`);
    await page.locator('#chat-input').fill('are you there?');
    await page.locator('#chat-input').press('Enter');
    const failed = page.locator('#chat-log .alert', { hasText: 'The reply failed' });
    await expect.poll(() => failed.last().textContent(), { timeout: 15_000 }).toContain('Could not connect to 127.0.0.1:9');
    expect(await failed.last().getByRole('link', { name: 'Fix the connection' }).getAttribute('href')).toBe('/app/connections');
    await failed.last().getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => page.locator('#chat-log .chat-msg-user').count(), { timeout: 15_000 }).toBe(2);
    await expect.poll(() => failed.count(), { timeout: 15_000 }).toBe(2);
    expect(await page.locator('#chat-log .chat-msg-user').last().textContent()).toContain('are you there?');
    // After a reload the failed turn is still there, with its reason.
    await page.reload();
    await expect.poll(() => failed.count()).toBe(2);
    await screenshot(page, 'failed-reply');

    await page.goto(`/app/agents/${agent.json.id}`);
    const marker = page.locator('#unsaved-marker');
    expect(await marker.isVisible()).toBe(false);
    await page.locator('#test-input').fill('a test message is not an edit');
    await page.locator('#test-input').dispatchEvent('input');
    expect(await marker.isVisible()).toBe(false);
    await page.locator('#test-input').fill('');
    await page.getByLabel(/^Description/).fill('Now with a description');
    await marker.waitFor({ state: 'visible' });
    await Promise.all([page.waitForURL(/saved=2/), page.getByRole('button', { name: /Save version 2/ }).click()]);
    expect(await marker.isVisible()).toBe(false);
    await Promise.all([page.waitForURL(/notice=no_changes/), page.getByRole('button', { name: /Save version 3/ }).click()]);
    await page.getByText('No changes to save').waitFor();
    await assertClean(page);
    await closePage(page);
  });
});
