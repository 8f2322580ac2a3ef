// The Analytics page and an agent's Analytics tab in real Chromium against wrangler dev, with real turns: the SVG
// charts render at 1280 and 375 px with no console errors or sideways scrolling, the range picker swaps the charts
// and pushes the URL (and works as a plain form), the CSV link downloads the usage CSV, the hover tooltip shows a
// bucket's figures, and dark mode draws readable text. Screenshots (light, dark, phone) for review.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { assertClean, closePage, launchBrowser, newPage, noSidewaysScroll, screenshot } from './browser';
import { apiFromPage, newAccount, signUp } from './flows';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** An agent on the test upstream with a few turns: fine ones, a slow one, a failed one. */
async function seed(page: Page) {
  const con = await apiFromPage(page, 'POST', '/api/v1/connections', {
    name: 'Test model',
    kind: 'openai_compatible',
    base_url: inject('llmUrl'),
    auth: { type: 'bearer', secret: 'sk-e2e-analytics-0001' },
  });
  const agent = await apiFromPage(page, 'POST', '/api/v1/agents', {
    name: 'Order desk <b>',
    instructions: 'Help customers.',
    model: 'edgent-test',
    connection_id: con.json.id,
  });
  const s = await apiFromPage(page, 'POST', `/api/v1/agents/${agent.json.id}/sessions`, {});
  for (const content of ['Hello', 'Where is my order? [[ttft:300]]', 'Thanks [[delay:20]]']) {
    const r = await apiFromPage(page, 'POST', `/api/v1/sessions/${s.json.id}/messages`, { content });
    expect(r.status).toBe(200);
  }
  return { agent: agent.json.id as string };
}

/** Waits until all three seeded turns are rolled up and drawn (the EVENTS queue gathers batches for up to 2 s). */
async function openWithData(page: Page, path: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await page.goto(path);
    const desc = page.locator('#chart-turns desc');
    if ((await desc.count()) > 0 && /Turns: total 3\./.test((await desc.textContent()) ?? '')) return;
    if (Date.now() > deadline) throw new Error(`${path}: the three turns are not on the chart after 20 s`);
    await page.waitForTimeout(1000);
  }
}

describe('analytics', () => {
  test('charts, range picker, CSV and tooltip at 1280 px', { timeout: 90_000 }, async (ctx) => {
    const page = await newPage(browser, ctx.task.name, { viewport: { width: 1280, height: 860 }, acceptDownloads: true });
    await signUp(page, newAccount());
    const { agent } = await seed(page);
    await openWithData(page, '/app/analytics?range=24h');
    expect(await page.locator('.chart svg.chart-svg').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('#chart-turns .chart-title').textContent()).toBe('Turns per hour');
    // No failed turn: the error rate is a line at 0%, not an empty chart.
    expect(await page.locator('#chart-error-rate svg.chart-svg').count()).toBe(1);
    await screenshot(page, 'light');

    // The hover tooltip: the bucket's figures beside the pointer.
    const bar = page.locator('#chart-turns .bar rect').first();
    await bar.scrollIntoViewIfNeeded();
    await page.mouse.move(((await bar.boundingBox())!.x ?? 0) + 2, ((await bar.boundingBox())!.y ?? 0) + 2);
    await expect.poll(() => page.locator('#chart-turns .chart-tip').textContent()).toMatch(/Turns: 3/);

    // The range picker: htmx swaps the body and pushes the URL.
    await page.locator('select[name="range"]').selectOption('30d');
    await page.waitForURL(/range=30d/);
    await expect.poll(() => page.locator('#chart-turns .chart-title').textContent()).toBe('Turns per day');
    await page.locator('select[name="group"]').selectOption('agent');
    await page.waitForURL(/group=agent/);
    await expect.poll(() => page.locator('#chart-turns .chart-legend, #chart-turns desc').first().textContent()).toContain('Order desk <b>');
    await page.locator('select[name="range"]').selectOption('custom');
    await expect(page.locator('input[name="from"]').inputValue()).resolves.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.goBack();
    await page.waitForURL(/range=30d&group=agent/);

    // The CSV export downloads the usage API's CSV for the same range.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[download]', { hasText: 'Export CSV' }).click()]);
    // The server names the file after the range and grouping.
    expect(download.suggestedFilename()).toMatch(/^usage-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}-day-by-agent\.csv$/);
    const csv = await new Promise<string>((resolve, reject) => {
      download.createReadStream().then((s) => {
        let text = '';
        s.on('data', (c: Buffer) => (text += c.toString('utf8')));
        s.on('end', () => resolve(text));
        s.on('error', reject);
      }, reject);
    });
    expect(csv.split('\n')[0]).toContain('turns');
    expect(csv).toContain('Order desk');

    // The agent's tab.
    await openWithData(page, `/app/agents/${agent}/analytics?range=24h`);
    expect(await page.locator('#version-satisfaction, .section-title:has-text("Satisfaction per version")').count()).toBeGreaterThan(0);
    await screenshot(page, 'agent');
    await assertClean(page);
    await closePage(page);
  });

  test('works without JavaScript: the form is a plain GET', { timeout: 60_000 }, async (ctx) => {
    const signed = await newPage(browser, `${ctx.task.name}-signup`);
    await signUp(signed, newAccount());
    const cookies = await signed.context().cookies();
    await closePage(signed);
    const page = await newPage(browser, ctx.task.name, { viewport: { width: 1280, height: 860 }, javaScriptEnabled: false });
    await page.context().addCookies(cookies);
    await page.goto('/app/analytics');
    expect(new URL(page.url()).pathname).toBe('/app/analytics');
    await page.locator('select[name="range"]').selectOption('90d');
    await Promise.all([page.waitForURL(/range=90d/), page.locator('.range-form button[type="submit"]').click()]);
    expect(await page.locator('select[name="range"]').inputValue()).toBe('90d');
    expect(await page.locator('#chart-turns .chart-title').textContent()).toBe('Turns per day');
    await assertClean(page);
    await closePage(page);
  });

  test('dark mode and a 375 px phone', { timeout: 90_000 }, async (ctx) => {
    const page = await newPage(browser, ctx.task.name, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, colorScheme: 'dark' });
    await signUp(page, newAccount());
    await seed(page);
    await openWithData(page, '/app/analytics?range=24h');
    await noSidewaysScroll(page);
    // Axis text is light on the dark card: its fill is far brighter than the card's background.
    const lum = (rgb: string) => {
      const [r, g, b] = rgb.match(/\d+/g)!.map(Number) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const { text, card } = await page.evaluate(() => ({
      text: getComputedStyle(document.querySelector('#chart-turns .chart-ylabel')!).fill,
      card: getComputedStyle(document.querySelector('#chart-turns')!).backgroundColor,
    }));
    expect(lum(text) - lum(card)).toBeGreaterThan(90);
    await screenshot(page, 'dark-phone');
    await page.emulateMedia({ colorScheme: 'light' });
    await screenshot(page, 'light-phone');
    await assertClean(page);
    await closePage(page);
  });
});
