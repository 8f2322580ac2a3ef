// The embeddable widget in a real browser, on a page served from another origin than the platform's: it loads,
// streams a reply from the test upstream, survives a reload, stays untouched by the host's CSS, renders model
// markup as text, works by keyboard and full screen on a phone; a site that is not allowed gets no chat.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { assertClean, closePage, issues, launchBrowser, newPage, screenshot } from './browser';
import { apiFromPage, newAccount, signUp } from './flows';
import { type HostSite, startHostSite } from './host-site';

let browser: Browser;
let site: HostSite;
let otherSite: HostSite;
let pk: string;

beforeAll(async () => {
  browser = await launchBrowser();
  [site, otherSite] = await Promise.all([startHostSite(), startHostSite()]);
  // An embed key for a new organization's Hello World, which chats through the operator default (the test upstream).
  const context = await browser.newContext({ baseURL: inject('baseUrl') });
  const page = await context.newPage();
  await signUp(page, newAccount());
  const agents = await apiFromPage(page, 'GET', '/api/v1/agents');
  const hello = agents.json.data.find((a: any) => a.slug === 'hello-world');
  const key = await apiFromPage(page, 'POST', `/api/v1/agents/${hello.id}/embed-keys`, {
    allowed_origins: [site.origin],
    greeting: 'Hi! I am the Acme assistant.',
    suggested_prompts: ['What do you sell?'],
    theme: { title: 'Acme help', color: '#0f766e' },
  });
  expect(key.status).toBe(201);
  pk = key.json.public_key;
  await context.close();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([site?.close(), otherSite?.close()]);
});

const widgetUrl = () => `${inject('baseUrl')}/widget.js`;
const open = (page: Page, host: HostSite, extra: Record<string, string> = {}) => page.goto(host.url({ widget: widgetUrl(), agent: pk, ...extra }));
const widget = (page: Page) => page.locator('edgent-chat');

/** Sends through the composer and waits for the streamed reply to settle; returns the transcript's texts. */
async function ask(page: Page, text: string, expected: string) {
  await widget(page).getByRole('textbox', { name: 'Message' }).fill(text);
  await widget(page).getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect.poll(() => widget(page).locator('.m:not(.u)').last().textContent(), { timeout: 15_000 }).toContain(expected);
  await expect.poll(() => widget(page).getByRole('button', { name: 'Send' }).count()).toBe(1); // reply finished
}

describe('widget', () => {
  test('loads on another origin, streams a reply, and resumes the conversation after a reload', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    await open(page, site);
    const launcher = widget(page).getByRole('button', { name: 'Open chat' });
    await launcher.click();
    const dialog = widget(page).getByRole('dialog', { name: 'Acme help' });
    await dialog.waitFor();
    await expect.poll(() => dialog.textContent()).toContain('Hi! I am the Acme assistant.');
    expect(await widget(page).getByRole('button', { name: 'What do you sell?' }).isVisible()).toBe(true);

    const seen = new Set<string>();
    const watch = setInterval(
      () =>
        void widget(page)
          .locator('.m')
          .last()
          .textContent()
          .then(
            (t) => t && seen.add(t),
            () => {},
          ),
      10,
    );
    await ask(page, 'Tell me about your shop [[delay:80]]', 'Hello! You said: Tell me about your shop');
    clearInterval(watch);
    expect([...seen].filter((t) => 'Hello! You said: Tell me about your shop'.startsWith(t) && t.length > 0).length).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'replied');

    await page.reload();
    await widget(page).getByRole('button', { name: 'Open chat' }).click();
    await expect.poll(() => widget(page).locator('.log').textContent()).toContain('Hello! You said: Tell me about your shop');
    expect(await widget(page).locator('.m.u').allTextContents()).toEqual(['Tell me about your shop [[delay:80]]']);
    expect(await widget(page).getByRole('button', { name: 'What do you sell?' }).isVisible()).toBe(false);
    await ask(page, 'And again', 'Hello! You said: And again'); // same conversation goes on
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('edgent:')).length)).toBe(1);
    await assertClean(page);
    await closePage(page);
  });

  test("keeps the host page's CSS out and renders model markup as text", async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    let alerted = false;
    page.on('dialog', async (d) => {
      alerted = true;
      await d.dismiss();
    });
    await open(page, site, { inline: '1', 'data-target': '#chat' });
    const region = widget(page).getByRole('region', { name: 'Acme help' });
    await region.waitFor();
    await ask(page, '[[reply:<img src=x onerror=alert(1)> **bold** <script>alert(2)</script>]]', '<img src=x onerror=alert(1)>');
    expect(await widget(page).locator('img, script').count()).toBe(0);
    expect(await widget(page).locator('.m strong').last().textContent()).toBe('bold');
    expect(alerted).toBe(false);

    const style = (selector: string) =>
      widget(page)
        .locator(selector)
        .last()
        .evaluate((el) => ({ color: getComputedStyle(el).color, size: getComputedStyle(el).fontSize, font: getComputedStyle(el).fontFamily }));
    expect(await page.locator('.host-text').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 0, 0)'); // the host rule is live
    for (const selector of ['.m:not(.u)', '.m.u', 'h2', 'textarea']) {
      const s = await style(selector);
      expect(s.color, selector).not.toBe('rgb(255, 0, 0)');
      expect(s.size, selector).not.toBe('40px');
      expect(s.font, selector).not.toBe('serif');
    }
    expect((await style('.m:not(.u)')).size).toBe('14px');
    await assertClean(page);
    await closePage(page);
  });

  test('refuses a site that is not among the allowed origins', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await page.addInitScript(() => window.addEventListener('edgent:error', (e) => ((window as any).refused = (e as CustomEvent).detail)));
    await open(page, otherSite);
    await expect.poll(() => page.evaluate(() => (window as any).refused ?? null)).toMatchObject({ status: 403 }); // readable
    expect(await widget(page).count()).toBe(0);
    // the console tells the site owner exactly which origin to add, and where
    await expect.poll(() => warnings).toContain(`[edgent] This site (${otherSite.origin}) is not allowed for key ${pk}: add it in Agents → Embed`);
    // the browser's own report of the 403 is the only problem on the page (no CORS error)
    expect(issues(page).filter((i) => !/403/.test(i))).toEqual([]);
    // what the server answered that page: a 403 it may read, naming its origin
    const res = await fetch(`${inject('baseUrl')}/embed/v1/${pk}/config`, { headers: { origin: otherSite.origin } });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBe(otherSite.origin);
    await screenshot(page);
    await closePage(page);
  });

  test('works by keyboard and from the JavaScript API, and fills a phone screen', async (ctx) => {
    const page = await newPage(browser, ctx.task.name, { viewport: { width: 375, height: 740 } });
    await page.addInitScript(() => {
      (window as any).events = [];
      window.addEventListener('edgent:ready', () => (window as any).Edgent.on('message', (m: unknown) => (window as any).events.push(m)));
    });
    await open(page, site, { 'data-lang': 'fr' });
    const launcher = widget(page).getByRole('button', { name: 'Ouvrir le chat' });
    await launcher.focus();
    await page.keyboard.press('Enter');
    const dialog = widget(page).getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.boundingBox()).toEqual({ x: 0, y: 0, width: 375, height: 740 });
    await screenshot(page, 'phone-open');
    const focused = () => page.evaluate(() => document.querySelector('edgent-chat')!.shadowRoot!.activeElement?.getAttribute('aria-label') ?? null);
    expect(await focused()).toBe('Message');
    for (let i = 0; i < 8; i++) await page.keyboard.press('Tab'); // the focus trap keeps Tab inside the dialog
    expect(await focused()).not.toBeNull();
    await page.keyboard.press('Escape');
    expect(await dialog.isHidden()).toBe(true);
    expect(await focused()).toBe('Ouvrir le chat');

    await page.evaluate(() => (window as any).Edgent.send('Bonjour [[reply:Salut !]]'));
    await expect.poll(() => page.evaluate(() => (window as any).events.length)).toBe(2);
    expect(await page.evaluate(() => (window as any).events)).toEqual([
      { role: 'user', content: 'Bonjour [[reply:Salut !]]' },
      { role: 'assistant', content: 'Salut !' },
    ]);
    expect(await dialog.isVisible()).toBe(true);
    await page.evaluate(() => (window as any).Edgent.close());
    expect(await dialog.isHidden()).toBe(true);
    await assertClean(page);
    await closePage(page);
  });
});

describe('embed settings page', () => {
  test('creates a key, shows the snippet and a live preview that chats and follows unsaved changes', async (ctx) => {
    const page = await newPage(browser, ctx.task.name);
    await signUp(page, newAccount());
    await page.goto('/app/agents');
    await page.getByRole('link', { name: /Embed Hello World/ }).click();
    await page.getByLabel('Allowed origins').fill('https://www.example.com');
    await Promise.all([page.waitForURL(/embed\?key=emb_/), page.getByRole('button', { name: 'Create embed key' }).click()]);
    const snippet = await page.locator('#embed-snippet').inputValue();
    expect(snippet).toMatch(new RegExp(`^<script src="${inject('baseUrl')}/widget.js" data-agent="pk_[\\w-]{24}" async></script>$`));

    const preview = page.locator('#embed-preview edgent-chat');
    await preview.getByRole('region', { name: 'Hello World' }).waitFor();
    await preview.getByRole('textbox', { name: 'Message' }).fill('Hi from the preview');
    await preview.getByRole('textbox', { name: 'Message' }).press('Enter');
    await expect.poll(() => preview.locator('.log').textContent(), { timeout: 15_000 }).toContain('Hello! You said: Hi from the preview');

    await page.getByLabel('Greeting').fill('Welcome to the preview');
    await page.getByLabel('Title', { exact: true }).fill('Preview title');
    await preview.getByRole('region', { name: 'Preview title' }).waitFor();
    await expect.poll(() => preview.locator('.log').textContent()).toContain('Welcome to the preview');
    await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: 'Save settings' }).click()]);
    await page.locator('#embed-preview edgent-chat').getByRole('region', { name: 'Preview title' }).waitFor();
    await assertClean(page); // no CSP violation: the widget's styles are a constructed sheet, its scripts 'self'
    await closePage(page);
  });
});
