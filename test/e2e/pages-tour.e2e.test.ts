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
  const con = await apiFromPage(page, 'POST', '/api/v1/connections', {
    name: 'Test model',
    kind: 'openai_compatible',
    base_url: inject('llmUrl'),
    auth: { type: 'bearer', secret: 'sk-e2e-tour-0003' },
  });
  const tool = await apiFromPage(page, 'POST', '/api/v1/tools', {
    name: 'lookup_order',
    description: 'Look up an order by id',
    kind: 'http',
    parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
    config: { method: 'GET', url: `${inject('toolsApiUrl')}/echo/orders/{order_id}` },
  });
  const agent = await apiFromPage(page, 'POST', '/api/v1/agents', {
    name: 'Order desk',
    description: 'Answers questions about orders',
    instructions: 'Help customers of {{shop}}.',
    variables: { shop: 'Acme' },
    model: 'edgent-test',
    connection_id: con.json.id,
    tool_ids: [tool.json.id, 'tol_current_time'],
  });
  await apiFromPage(page, 'PATCH', `/api/v1/agents/${agent.json.id}`, { instructions: 'Help customers of {{shop}}.\nBe brief.', temperature: 0.4 });
  const s = await apiFromPage(page, 'POST', `/api/v1/agents/${agent.json.id}/sessions`, {});
  await apiFromPage(page, 'POST', `/api/v1/sessions/${s.json.id}/messages`, { content: 'Where is A-42? [[tool:lookup_order {"order_id":"A-42"}]]' });
  // A failed reply, sent the way the chat page sends it (the failure arrives in its stream): the API would answer
  // 502, which the harness counts as a failed request.
  await page.evaluate(async (id) => {
    const me = await (await fetch('/api/v1/me')).json();
    const form = new URLSearchParams({ content: 'And now? [[error:401]]', _csrf: me.csrf_token });
    const res = await fetch(`/app/sessions/${id}/messages`, { method: 'POST', body: form });
    await res.text();
    if (res.status !== 200) throw new Error(`the chat page answered ${res.status}`);
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
    ['agent-analytics', `/app/agents/${d.agent}/analytics`],
    ['workflows', '/app/workflows'],
    ['session', `/app/sessions/${d.session}`],
    ['connections', '/app/connections'],
    ['connection-new', '/app/connections/new'],
    ['connection-edit', `/app/connections/${d.con}`],
    ['tools', '/app/tools'],
    ['tool-new', '/app/tools/new'],
    ['tool', `/app/tools/${d.tool}`],
    ['tool-import', '/app/tools/import'],
    ['knowledge', '/app/knowledge'],
    ['logs', '/app/logs'],
    ['analytics', '/app/analytics'],
    ['model-prices', '/app/analytics/prices'],
    ['runs', '/app/runs'],
    ['developers', '/app/developers'],
    ['settings', '/app/settings'],
    ['billing', '/app/billing'],
    ['audit-log', '/app/settings/audit'],
    ['docs', '/docs'],
  ];
  for (const [name, path] of pages) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    // The audit log: one entry opened to its before/after (entries arrive through the queue, waited for above).
    if (name === 'audit-log') await page.locator('.audit-details summary').first().click();
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
  // Each tour visits every page (some 25) with a screenshot each: more than the 60 s default on a busy machine.
  test('tour-desktop', { timeout: 150_000 }, async (ctx) => {
    const page = await newPage(browser, ctx.task.name, { viewport: { width: 1280, height: 860 } });
    await tour(page, false);
    await assertClean(page);
    await closePage(page);
  });

  test('tour-375', { timeout: 150_000 }, async (ctx) => {
    const page = await newPage(browser, ctx.task.name, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    await tour(page, true);
    await assertClean(page);
    await closePage(page);
  });

  // Some 15 pages by tapping, with screenshots: like the tours, more than the 60 s default on a busy machine.
  test('phone-reach', { timeout: 150_000 }, async (ctx) => {
    const page = await newPage(browser, ctx.task.name, { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    await signUp(page, newAccount());
    // Every section of the app: each tab can be reached (the row scrolls sideways) and opens its page.
    const hrefs = await page.locator('.sidebar-nav a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    expect(hrefs).toEqual([
      '/app',
      '/app/agents',
      '/app/workflows',
      '/app/runs',
      '/app/connections',
      '/app/tools',
      '/app/knowledge',
      '/app/logs',
      '/app/analytics',
      '/app/developers',
      '/app/earnings',
      '/app/settings/audit',
      '/marketplace',
      '/app/settings',
    ]);
    for (const href of hrefs) {
      await page.locator(`.sidebar-nav a[href="${href}"]`).tap();
      await page.waitForURL((u) => u.pathname === href);
      if (href === '/marketplace') {
        // The public marketplace has its own header, with a way back into the app.
        await page.goBack();
        await page.waitForURL((u) => u.pathname === '/app/settings/audit');
        continue;
      }
      const box = await page.locator(`.sidebar-nav a[href="${href}"]`).boundingBox();
      expect(box!.x >= -1 && box!.x + box!.width <= 376, `${href}: the current tab is in view`).toBe(true);
    }
    await screenshot(page, 'nav-settings');

    // The builder's test panel is one tap away, not below the whole form.
    await page.goto('/app/agents');
    await page.locator('a[href^="/app/agents/agt_"]').first().tap();
    await page.getByRole('link', { name: 'Test panel ↓' }).tap();
    await expect.poll(() => page.locator('#test-title').evaluate((el) => el.getBoundingClientRect().top)).toBeLessThan(740);
    await screenshot(page, 'builder-test-panel');

    // Docs: tables and code scroll inside themselves, search finds guides and reference, code blocks have Copy.
    await page.goto('/docs');
    const { scroll, width, tableWraps } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      width: document.documentElement.clientWidth,
      tableWraps: [...document.querySelectorAll('.docs-table')].every((t) => getComputedStyle(t.parentElement!).overflowX === 'auto'),
    }));
    expect(scroll).toBeLessThanOrEqual(width);
    expect(tableWraps).toBe(true);
    await page.locator('#docs-search').fill('password reset');
    await expect.poll(() => page.locator('#docs-results a').evaluateAll((a) => a.map((x) => x.getAttribute('href')))).toContain('#op-requestPasswordReset');
    await page.locator('#docs-search').fill('quickstart curl');
    await expect.poll(() => page.locator('#docs-results a').first().getAttribute('href')).toBe('#quickstart');
    await screenshot(page, 'docs-search');
    expect(await page.locator('#quickstart .docs-copy').count()).toBeGreaterThanOrEqual(3);
    await assertClean(page);
    await closePage(page);
  });
});
