// Steps of the management UI shared by the browser suites, done the way a person does them: through the pages.
import type { Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const agentIdOf = (page: Page) => /\/app\/agents\/(agt_[0-9a-z]+)/.exec(page.url())![1]!;

/** Adds an openai_compatible connection to the test upstream from the Connections page, and tests it. */
export async function addModelConnection(page: Page, name = 'Test model') {
  await page.goto('/app/connections/new');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Kind').selectOption('openai_compatible');
  await page.getByLabel('Base URL').fill(inject('llmUrl')!);
  await page.getByLabel('Authentication').selectOption('bearer');
  await page.getByLabel('Secret').fill('sk-e2e-test-key-0001');
  await Promise.all([page.waitForURL('**/app/connections?notice=connection_created'), page.getByRole('button', { name: 'Add connection' }).click()]);
  const card = page.locator('.conn-card', { hasText: name });
  await card.getByRole('button', { name: new RegExp(`^Test ${name}`) }).click();
  await expect.poll(() => card.locator('.check-result').textContent(), { timeout: 10_000 }).toContain('Connected: 3 models available');
}

/** Creates an agent from the New agent page and waits for its builder. */
export async function createAgentFromPage(page: Page, opts: { template?: string; name: string; connection?: string; model?: string }) {
  await page.goto('/app/agents/new');
  await page.locator(`input[name="template"][value="${opts.template ?? 'blank'}"]`).check();
  await page.getByLabel(/^Name/).fill(opts.name);
  if (opts.connection) await page.getByLabel('Model connection').selectOption({ label: opts.connection });
  await page.getByLabel('Model', { exact: true }).fill(opts.model ?? 'edgent-test');
  await Promise.all([page.waitForURL(/\/app\/agents\/agt_[0-9a-z]+\?notice=agent_created/), page.getByRole('button', { name: 'Create agent' }).click()]);
}

/** Sends a message from the builder's test panel (Enter) and waits until the reply has settled. */
export async function sendTestMessage(page: Page, text: string) {
  const input = page.locator('#test-input');
  await input.fill(text);
  await input.press('Enter');
  await expect.poll(() => page.locator('#test-log .chat-stream').count(), { timeout: 15_000 }).toBe(0);
  await expect.poll(() => page.locator('#test-log .chat-msg-assistant').count(), { timeout: 15_000 }).toBeGreaterThan(0);
}

/** Records the text of the streaming reply every few ms until it settles (the chat page and the test panel). */
export async function watchReply(page: Page, scope = ''): Promise<string[]> {
  return page.evaluate(async (scope) => {
    const seen: string[] = [];
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const stream = document.querySelector(`${scope} .chat-stream`);
      const last = [...document.querySelectorAll(`${scope} .chat-msg-assistant`)].pop();
      const current = (stream ?? last)?.textContent?.trim() ?? '';
      if (current && current !== seen[seen.length - 1]) seen.push(current);
      if (!stream && seen.length) break;
      await new Promise((r) => setTimeout(r, 15));
    }
    return seen;
  }, scope);
}
