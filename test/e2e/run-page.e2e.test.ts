// The run page in a real browser: a run with a wait step and an approval is watched live (nodes and timeline rows
// change without a reload, over the run's SSE events), approved from the page, and ends succeeded; the list shows
// it. Screenshots at 1280×800 and on a phone-sized screen.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertClean, closePage, launchBrowser, newPage, screenshot } from './browser';
import { apiFromPage, newAccount, signUp } from './flows';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const definition = {
  inputs: { topic: { type: 'string', required: true } },
  steps: [
    { id: 'draft', name: 'Draft <b>it</b>', kind: 'transform', value: { topic: '{{inputs.topic}}', words: 3 } },
    { id: 'pause', kind: 'wait', seconds: 2, needs: ['draft'] },
    { id: 'review', kind: 'approval', message: 'Publish {{inputs.topic}}?', needs: ['pause'] },
    { id: 'publish', kind: 'transform', value: 'Published {{steps.draft.output.topic}}', needs: ['review'] },
  ],
  output: '{{steps.publish.output}}',
};

describe('the run page', () => {
  test('follows a run live, takes an approval and shows it finished', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    await signUp(page, newAccount());
    const wf = await apiFromPage<{ id: string }>(page, 'POST', '/api/v1/workflows', { name: 'Launch <script>x</script>', definition });
    expect(wf.status).toBe(201);
    const run = await apiFromPage<{ id: string }>(page, 'POST', `/api/v1/workflows/${wf.json.id}/runs`, { inputs: { topic: 'edge <i>AI</i>' } });
    expect(run.status).toBe(202);

    await page.goto(`/app/runs/${run.json.id}`);
    const loaded = await page.evaluate(() => performance.timeOrigin);
    // The wait step ends and the approval starts waiting: the page follows without a reload.
    await expect.poll(() => page.locator('#node-review').getAttribute('class'), { timeout: 20_000 }).toContain('is-waiting');
    await expect.poll(() => page.locator('#node-pause').textContent()).toContain('Succeeded');
    expect(await page.locator('#step-review .run-approval-message').textContent()).toBe('Publish edge <i>AI</i>?');
    expect(await page.evaluate(() => performance.timeOrigin)).toBe(loaded);
    await page.locator('#step-draft details summary').first().click();
    await screenshot(page, 'waiting');

    await page.locator('#step-review input[name="comment"]').fill('Ship it');
    await Promise.all([page.waitForURL(`**/app/runs/${run.json.id}*`), page.getByRole('button', { name: 'Approve' }).click()]);
    await expect.poll(() => page.locator('#run-header').getAttribute('class'), { timeout: 20_000 }).toContain('is-succeeded');
    await expect.poll(() => page.locator('#node-publish').textContent()).toContain('Succeeded');
    expect(await page.locator('#step-review').textContent()).toContain('Ship it');
    expect(await page.locator('#main script:not([src])').count()).toBe(0);
    await screenshot(page, 'done');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await screenshot(page, 'narrow');

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/app/runs');
    await expect.poll(() => page.locator('#run-results').textContent()).toContain('Launch <script>x</script>');
    await assertClean(page);
    await closePage(page);
  });
});
