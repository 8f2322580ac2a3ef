// The public marketplace in a real browser (worker/routes/pages/marketplace.tsx): a creator publishes through the API
// (POST /api/v1/agents/:id/listing, PATCH /api/v1/creator/profile) a listing whose every field holds script and
// onerror payloads; /marketplace, its search results, /marketplace/:slug and /creators/:slug run nothing and gain no
// element from them. Search as you type: typing into the search box swaps the results (htmx) with <mark>ed matches.
// Screenshots at 1280 and 375 px of the directory, search results, the detail page and the creator page. Try it: a
// visitor with no account chats with the published version in the widget on the detail page (routes/protocols/try-it.ts),
// the answer streams, a reload keeps the conversation; the signed-in detail page shows the report form.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
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

const P = '<script>alert(1)</script><img src=x onerror=alert(2)>';

/** No element came from a payload: no <img> without an https src in the main area, no inline <script>. */
async function expectInert(page: Page) {
  expect(await page.locator('#main img:not([src^="https://"])').count()).toBe(0);
  // The page's own scripts are files it serves (the try-it widget): no inline script, none from elsewhere.
  expect(await page.locator('#main script:not([src^="/"])').count()).toBe(0);
  expect(await page.locator('[onerror]').count()).toBe(0);
}

async function publish(page: Page, fields: Record<string, unknown>) {
  const agent = await apiFromPage(page, 'POST', '/api/v1/agents', {
    name: `Listed ${randomBytes(3).toString('hex')}`,
    instructions: 'Be helpful.',
    model: 'gpt-4o-mini',
    visibility: 'public',
  });
  expect(agent.status).toBe(201);
  const listing = await apiFromPage<{ slug: string }>(page, 'POST', `/api/v1/agents/${agent.json.id}/listing`, fields);
  expect(listing.status, JSON.stringify(listing.json)).toBe(201);
  return listing.json.slug;
}

describe('the public marketplace', () => {
  test('creator payloads in every field render as text on every public page', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await signUp(page, newAccount());
    const word = `xenops${randomBytes(3).toString('hex')}`;
    const profile = await apiFromPage<{ slug: string }>(page, 'PATCH', '/api/v1/creator/profile', {
      display_name: `Creator ${P}`.slice(0, 80),
      bio: `Bio ${P}`,
      website: 'https://creator.example/?a="b"&c=<d>',
    });
    expect(profile.status, JSON.stringify(profile.json)).toBe(200);
    const slug = await publish(page, {
      title: `${word} ${P}`.slice(0, 80),
      tagline: `Tagline ${P}`,
      description: `# Title ${P}\n\nBody ${P} [x](javascript:alert(5)) ![i](https://x/y.png" onerror="alert(6))`,
      category: 'research',
      tags: ['script', 'onerror'],
      icon: '<b>"x\'',
      screenshots: [{ url: 'https://shots.example/a.png', caption: `Caption ${P}` }],
      example_conversation: [
        { role: 'user', content: `Question ${P}` },
        { role: 'assistant', content: `Answer ${P}` },
      ],
    });
    await page.context().clearCookies();

    for (const path of ['/marketplace', `/marketplace?q=${word}`, `/marketplace/${slug}`, `/creators/${profile.json.slug}`]) {
      await page.goto(path);
      await expectInert(page);
    }
    await page.goto(`/marketplace?q=${word}`);
    await expect.poll(() => page.locator('#mkt-results mark').first().textContent()).toBe(word);
    await page.goto(`/marketplace/${slug}`);
    expect(await page.locator('h1').first().textContent()).toContain('<script>alert(1)</script>');
    await page.goto(`/creators/${profile.json.slug}`);
    expect(await page.locator('.mkt-creator-bio').textContent()).toContain('<img src=x onerror=alert(2)>');
    expect(dialogs).toEqual([]);
    // Screenshots hosts may be unreachable here (no internet): only the page's own problems count.
    await closePage(page);
  });

  test('search as you type swaps the results with highlighted matches; screenshots at 1280 and 375', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    await signUp(page, newAccount());
    const tag = randomBytes(2).toString('hex');
    await apiFromPage(page, 'PATCH', '/api/v1/creator/profile', {
      display_name: 'Northwind Labs',
      bio: 'Small agents that do one job well.',
      website: 'https://northwind.example',
    });
    const listings = [
      ['Calendar Concierge', '📅', 'Books meetings without the back and forth', 'productivity', ['scheduling', 'calendar']],
      ['Support Sidekick', '🛟', 'First-line answers for your helpdesk, in your tone', 'customer-support', ['helpdesk']],
      ['Invoice Chaser', '💸', 'Politely chases late payments and logs every reply', 'finance', ['billing']],
      ['SQL Explainer', '🧮', 'Turns questions into SQL and explains the answer', 'data', ['sql']],
      ['Contract Reviewer', '⚖️', 'Flags risky clauses before you sign', 'legal', ['contracts']],
      ['Release Notes Writer', '📝', 'Drafts release notes from merged pull requests', 'engineering', ['github']],
    ] as const;
    let detail = '';
    for (const [title, icon, tagline, category, tags] of listings) {
      const s = await publish(page, {
        title: `${title} ${tag}`,
        icon,
        tagline,
        category,
        tags: [...tags],
        description: `## What it does\n\n${tagline}. It asks before acting and explains each step.\n\n- Works with your own connections\n- Installs in one click`,
        example_conversation: [
          { role: 'user', content: 'Can you find a slot with Ana next week?' },
          { role: 'assistant', content: 'Tuesday 10:00 or Thursday 15:00 work for both of you. Shall I send the invite?' },
        ],
      });
      if (title === 'Calendar Concierge') detail = s;
    }
    const me = await apiFromPage<{ slug: string }>(page, 'GET', '/api/v1/creator/profile');
    await page.context().clearCookies();

    await page.goto('/marketplace');
    await screenshot(page, 'directory-1280');
    const box = page.locator('#mkt-q');
    await box.click();
    await box.pressSequentially(`calen`, { delay: 40 });
    await expect.poll(() => page.locator('#mkt-results mark').first().textContent(), { timeout: 10_000 }).toMatch(/^calendar$/i);
    await expect.poll(() => page.locator('#mkt-results .mkt-card').count()).toBeGreaterThan(0);
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('calen');
    await screenshot(page, 'search-1280');

    await page.goto(`/marketplace/${detail}`);
    await screenshot(page, 'detail-1280');
    await page.goto(`/creators/${me.json.slug}`);
    await screenshot(page, 'creator-1280');

    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto('/marketplace');
    await screenshot(page, 'directory-375');
    await page.goto('/marketplace?q=calen');
    await screenshot(page, 'search-375');
    await page.goto(`/marketplace/${detail}`);
    await screenshot(page, 'detail-375');
    await page.goto(`/creators/${me.json.slug}`);
    await screenshot(page, 'creator-375');
    await assertClean(page);
    await closePage(page);
  });

  test('a visitor tries the listing on its detail page; a reload keeps the conversation; the report form at 1280 and 375', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    await signUp(page, newAccount());
    const slug = await publish(page, {
      title: `Echo Helper ${randomBytes(2).toString('hex')}`,
      icon: '🔁',
      tagline: 'Says back what you tell it',
      category: 'productivity',
      description: 'Repeats your message, to show how trying a listing works.',
    });
    const creatorCookies = await page.context().cookies();
    await page.context().clearCookies();

    await page.goto(`/marketplace/${slug}`);
    const chat = page.locator('#mkt-try-chat edgent-chat');
    const box = chat.getByRole('textbox', { name: 'Message' });
    await box.waitFor({ timeout: 10_000 });
    await box.fill('Is this the published one? [[delay:40]]');
    await box.press('Enter');
    await expect.poll(() => chat.locator('.m:not(.u)').last().textContent(), { timeout: 15_000 }).toContain('Hello! You said: Is this the published one?');
    await expect.poll(() => chat.getByRole('button', { name: 'Send' }).count()).toBe(1);
    await screenshot(page, 'try-it-1280');
    await page.reload();
    await expect.poll(() => chat.locator('.log').textContent(), { timeout: 10_000 }).toContain('Hello! You said: Is this the published one?');
    expect(await page.context().cookies()).toEqual([]);

    // Signed in (the creator here), the detail page offers the report form; it fits a phone.
    await page.context().addCookies(creatorCookies);
    await page.goto(`/marketplace/${slug}`);
    await page.locator('.mkt-report summary, .mkt-report').first().waitFor();
    await screenshot(page, 'detail-signed-in-1280');
    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'detail-signed-in-375');
    await assertClean(page);
    await closePage(page);
  });
});
