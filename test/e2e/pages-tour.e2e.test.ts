// Every management page with real data, on a 375px phone and a laptop: no horizontal scrolling on the phone, every
// form control labelled, no console errors or failed requests; a screenshot of each for review.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { assertClean, closePage, launchBrowser, newPage, screenshot } from './browser';
import { apiFromPage, newAccount, signUp } from './flows';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Data for every page: a connection, an HTTP tool, an agent with versions, a conversation with a tool call and an error. */
async function seed(page: Page) {
  const con = await apiFromPage(page, 'POST', '/api/v1/connections', { name: 'Test model', kind: 'openai_compatible', base_url: inject('llmUrl'), auth: { type: 'bearer', secret: 'sk-e2e-tour-0003' } });
  const tool = await apiFromPage(page, 'POST', '/api/v1/tools', {
    name: 'lookup_order',
    description: 'Look up an order by id',
    kind: 'http',
    parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
    config: { method: 'GET', url: `${inject('toolsApiUrl')}/echo/orders/{order_id}` },
  });
  const agent = await apiFromPage(page, 'POST', '/api/v1/agents', { name: 'Order desk', description: 'Answers questions about orders', instructions: 'Help customers of {{shop}}.', variables: { shop: 'Acme' }, model: 'edgent-test', connection_id: con.json.id, tool_ids: [tool.json.id, 'tol_current_time'] });
  await apiFromPage(page, 'PATCH', `/api/v1/agents/${agent.json.id}`, { instructions: 'Help customers of {{shop}}.\nBe brief.', temperature: 0.4 });
  const s = await apiFromPage(page, 'POST', `/api/v1/agents/${agent.json.id}/sessions`, {});
  await apiFromPage(page, 'POST', `/api/v1/sessions/${s.json.id}/messages`, { content: 'Where is A-42? [[tool:lookup_order {"order_id":"A-42"}]]' });
  // A failed reply, streamed: the JSON mode would answer 502, which the harness counts as a failed request.
  await page.evaluate(async (id) => {
    const me = await (await fetch('/api/v1/me')).json();
    const res = await fetch(`/api/v1/sessions/${id}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token }, body: JSON.stringify({ content: 'And now? [[error:401]]', stream: true }) });
    await res.text();
  }, s.json.id);
  return { con: con.json.id as string, tool: tool.json.id as string, agent: agent.json.id as string, session: s.json.id as string };
}

async function tour(page: Page, phone: boolean) {
  await signUp(page, newAccount());
  const d = await seed(page);
  await page.waitForTimeout(2500); // usage events reach D1 through the queue (the logs and dashboard numbers)
  const pages: [string, string][] = [
    ['dashboard', '/app'],
    ['agents', '/app/agents'],
    ['agent-new', '/app/agents/new'],
    ['builder', `/app/agents/${d.agent}`],
    ['chat', `/app/agents/${d.agent}/chat?session=${d.session}`],
    ['conversations', `/app/agents/${d.agent}/sessions`],
    ['versions', `/app/agents/${d.agent}/versions`],
    ['session', `/app/sessions/${d.session}`],
    ['connections', '/app/connections'],
    ['connection-new', '/app/connections/new'],
    ['connection-edit', `/app/connections/${d.con}`],
    ['tools', '/app/tools'],
    ['tool-new', '/app/tools/new'],
    ['tool', `/app/tools/${d.tool}`],
    ['tool-import', '/app/tools/import'],
    ['logs', '/app/logs'],
    ['settings', '/app/settings'],
  ];
  for (const [name, path] of pages) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('#main input:not([type=hidden]), #main select, #main textarea')]
        .filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label'))
        .map((el) => el.outerHTML.slice(0, 120)),
    );
    expect(unlabelled, `${path} has controls without a label`).toEqual([]);
    if (phone) {
      const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
      expect(scroll, `${path} scrolls sideways at 375px`).toBeLessThanOrEqual(width);
    }
    await screenshot(page, name);
  }
}

describe('every page', () => {
  test('tour-desktop', async (ctx) => {
    const page = await newPage(browser, ctx.task.name, { viewport: { width: 1280, height: 860 } });
    await tour(page, false);
    await assertClean(page);
    await closePage(page);
  });

  test('tour-375', async (ctx) => {
    const page = await newPage(browser, ctx.task.name, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    await tour(page, true);
    await assertClean(page);
    await closePage(page);
  });
});
