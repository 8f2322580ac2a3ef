// Shared steps of the browser tests: a fresh account, sign-up through the form, API calls from the signed-in page.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export function newAccount() {
  const id = randomBytes(4).toString('hex');
  return { organization: `Acme ${id}`, name: 'Ada Lovelace', email: `ada-${id}@example.com`, password: `correct-horse-${id}` };
}
export type Account = ReturnType<typeof newAccount>;

export const pathOf = (page: Page) => new URL(page.url()).pathname;

export async function signUp(page: Page, account: Account) {
  await page.goto('/signup');
  expect(pathOf(page)).toBe('/signup');
  const form = page.locator('form[action="/signup"]');
  await form.locator('input[name="organization"]').fill(account.organization);
  await form.locator('input[name="name"]').fill(account.name);
  await form.locator('input[name="email"]').fill(account.email);
  await form.locator('input[name="password"]').fill(account.password);
  await Promise.all([page.waitForURL('**/app'), form.locator('[type="submit"]').click()]);
}

/** Calls the JSON API as the signed-in browser user (session cookie + the CSRF token from /api/v1/me). */
export async function apiFromPage<T = any>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = await (await fetch('/api/v1/me')).json();
      const res = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: res.status === 204 ? null : await res.json() };
    },
    { method, path, body },
  );
}

/** A model connection (openai_compatible) to the test LLM upstream, made as the signed-in user; its id. */
export async function testModelConnection(page: Page, name = 'Test model'): Promise<string> {
  const con = await apiFromPage(page, 'POST', '/api/v1/connections', {
    name,
    kind: 'openai_compatible',
    base_url: inject('llmUrl'),
    auth: { type: 'bearer', secret: 'sk-e2e-test-key-0001' },
  });
  expect(con.status).toBe(201);
  return con.json.id;
}

/** The id of Hello World, the agent every new organization starts with. */
export async function helloWorldId(page: Page): Promise<string> {
  const agents = await apiFromPage(page, 'GET', '/api/v1/agents');
  const hello = agents.json.data.find((a: { slug: string }) => a.slug === 'hello-world');
  expect(hello).toBeTruthy();
  return hello.id;
}

/** Changes an agent through the API (PATCH), expecting 200. */
export async function patchAgent(page: Page, id: string, patch: Record<string, unknown>): Promise<void> {
  expect((await apiFromPage(page, 'PATCH', `/api/v1/agents/${id}`, patch)).status).toBe(200);
}
