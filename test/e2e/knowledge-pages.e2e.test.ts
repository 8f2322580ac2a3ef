// Knowledge pages in a real browser (issue 19 §1–2; worker/routes/pages/knowledge.tsx and knowledge-documents.tsx):
// a member opens Knowledge from the nav, creates a base, pastes a document and watches its status reach Ready (htmx
// polls the table until every document has settled), opens the document and its passages (the :target passage is
// highlighted), and runs the retrieval test, whose top passage links back to the passage it came from; then uploads a
// file and deletes it from the table. Every page is screenshotted at 1280 and 375 px, with no sideways scroll.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertClean, closePage, launchBrowser, newPage, screenshot } from './browser';
import { newAccount, pathOf, signUp } from './flows';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Screenshots the page at 1280 and 375 px (reloaded at each width) and checks that nothing scrolls sideways. */
async function both(page: Page, name: string) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.reload();
    expect(await overflow(page), `${name} at ${width} px`).toBeLessThanOrEqual(0);
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const HANDBOOK = `# Refunds
Customers may return any item within 30 days of delivery for a full refund. Refunds are paid to the original card within five business days after the parcel reaches our warehouse.

# Shipping
Orders leave the warehouse within two days. Express delivery reaches most cities the next morning; islands take up to a week.

# Warranty
Every kettle carries a two year warranty against defects. Limescale damage is not covered; descale monthly with citric acid.`;

describe('knowledge pages', () => {
  test('knowledge: create, paste, ready, passages, retrieval test', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    await signUp(page, newAccount());
    await page.getByRole('link', { name: 'Knowledge', exact: true }).first().click();
    await page.waitForURL('**/app/knowledge');
    await page.getByText('No knowledge bases yet').waitFor();
    await both(page, 'list-empty');

    await page.getByLabel('Name', { exact: true }).fill('Support <handbook>');
    await page.getByLabel(/^Description/).fill('Returns, shipping and warranty answers');
    await Promise.all([
      page.waitForURL(/\/app\/knowledge\/kb_[0-9a-z]+\?notice=kb_created/),
      page.getByRole('button', { name: 'Create knowledge base' }).click(),
    ]);
    const kbPath = pathOf(page);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Support <handbook>');

    await page.locator('#kb-text-title').fill('Customer handbook');
    await page.locator('#kb-text').fill(HANDBOOK);
    await Promise.all([page.waitForURL(/notice=doc_added/), page.getByRole('button', { name: 'Add text' }).click()]);
    const row = page.locator('#kb-docs tbody tr', { hasText: 'Customer handbook' });
    await row.waitFor();
    // The table polls itself while the document is queued, parsing or embedding; it stops once it is ready.
    await expect.poll(() => row.locator('.status').textContent(), { timeout: 30_000 }).toContain('Ready');
    await expect.poll(() => page.locator('#kb-docs').getAttribute('data-busy')).toBe('false');
    expect(await page.locator('#kb-docs').getAttribute('hx-trigger')).toBeNull();
    expect(Number(await row.locator('td.num').first().textContent())).toBeGreaterThanOrEqual(3);
    await both(page, 'base');

    await Promise.all([page.waitForURL(/\/documents\/doc_[0-9a-z]+$/), row.getByRole('link', { name: 'Customer handbook' }).click()]);
    const docPath = pathOf(page);
    await page.locator('#chunk-0').waitFor();
    expect(await page.locator('#chunk-0').textContent()).toContain('30 days');
    expect(await page.locator('.kb-chunk').count()).toBeGreaterThanOrEqual(3);
    await both(page, 'document');

    await page.getByRole('link', { name: 'Test retrieval' }).first().click();
    await page.waitForURL(`**${kbPath}/test`);
    await page.getByRole('searchbox').fill('how long until my money comes back after I return an item?');
    await page.getByRole('button', { name: 'Search' }).click();
    const first = page.locator('.kb-passage').first();
    await first.waitFor();
    expect(page.url()).toContain('/test?q=');
    expect(await first.textContent()).toContain('five business days');
    expect(await first.locator('.kb-scores').textContent()).toMatch(/score 0\.\d{4}.*vector (#\d+|—).*keyword (#\d+|—)/s);
    expect(await page.locator('.kb-results .alert').count()).toBe(0);
    await both(page, 'test');

    // The passage link lands on its anchor, highlighted by :target.
    const href = (await first.locator('a.kb-passage-title').getAttribute('href'))!;
    expect(href).toMatch(new RegExp(`^${docPath}#chunk-\\d+$`));
    await Promise.all([page.waitForURL(`**${href}`), first.locator('a.kb-passage-title').click()]);
    const target = page.locator(href.slice(href.indexOf('#')));
    expect(await target.evaluate((el) => el.matches(':target'))).toBe(true);
    expect(await target.textContent()).toContain('five business days');
    await screenshot(page, 'passage-target-1280');
    await page.setViewportSize({ width: 375, height: 900 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'passage-target-375');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Upload a file (multipart through the browser), see it ready, then delete it from the table (confirmed).
    await page.goto(kbPath);
    await page
      .locator('#kb-file')
      .setInputFiles({ name: 'returns-faq.md', mimeType: 'text/markdown', buffer: Buffer.from('# Returns FAQ\nLabels are printed from the order page.') });
    await Promise.all([page.waitForURL(/notice=doc_added/), page.getByRole('button', { name: 'Upload' }).click()]);
    const uploaded = page.locator('#kb-docs tbody tr', { hasText: 'returns-faq' });
    await expect.poll(() => uploaded.locator('.status').textContent(), { timeout: 30_000 }).toContain('Ready');
    expect(await uploaded.textContent()).toContain('returns-faq.md');
    page.once('dialog', (d) => void d.accept());
    await Promise.all([page.waitForURL(/notice=doc_deleted/), uploaded.getByRole('button', { name: /Delete/ }).click()]);
    await expect.poll(() => page.locator('#kb-docs tbody tr').count()).toBe(1);
    await page.getByText('Document deleted').waitFor();

    await page.goto(`${kbPath}/settings`);
    await page.getByRole('button', { name: 'Save settings' }).waitFor();
    await both(page, 'settings');
    await page.goto('/app/knowledge');
    await page.locator('.kb-table', { hasText: 'Support <handbook>' }).waitFor();
    await both(page, 'list');
    await assertClean(page);
    await closePage(page);
  });
});
