// Browser helpers for the e2e suites: Debian's Chromium driven by playwright-core (never `playwright install`).
// Every page records console errors, uncaught page errors, failed requests and 5xx answers; `assertClean(page)`
// fails the test if there were any. Screenshots go to test-results/screenshots/<name>.png (gitignored).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect, inject, onTestFailed } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

/**
 * Headless Chromium with no background traffic. Playwright gives every `launch()` its own fresh temporary
 * `--user-data-dir` and deletes it on close (it refuses a `--user-data-dir` in `args`).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

type PageState = { name: string; issues: string[] };
const states = new WeakMap<Page, PageState>();

const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'page';

/**
 * A page in its own browser context (own cookies), with `baseURL` set to the server under test, so
 * `page.goto('/signup')` works. Call inside a test: a failing test also saves `<name>-failed.png`.
 */
export async function newPage(browser: Browser, testName: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: inject('baseUrl'), viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const state: PageState = { name: safeName(testName), issues: [] };
  states.set(page, state);

  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location().url;
    state.issues.push(`console error: ${msg.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (err) => state.issues.push(`uncaught page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    const error = req.failure()?.errorText ?? 'unknown error';
    // ERR_ABORTED is the browser cancelling a request because the page moved on (e.g. the favicon of a page
    // left right after a form submit); blocked (CSP), refused or reset requests are real failures.
    if (error === 'net::ERR_ABORTED') return;
    state.issues.push(`request failed: ${req.method()} ${req.url()}: ${error}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 500) state.issues.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
  });

  onTestFailed(async () => {
    if (!page.isClosed()) await screenshot(page, 'failed').catch(() => {});
  });
  return page;
}

/** Saves a full-page screenshot to test-results/screenshots/<test name>[-suffix].png and returns its path. */
export async function screenshot(page: Page, suffix?: string): Promise<string> {
  const base = states.get(page)?.name ?? 'page';
  const file = `${SCREENSHOT_DIR}${base}${suffix ? `-${safeName(suffix)}` : ''}.png`;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // caret: 'initial': hiding the caret puts a style attribute on the focused element, which htmx copies onto a
  // swapped-in element with the same id, and the page's CSP (style-src 'self') then reports a violation.
  // A capture that stalls (Chromium, now and then, on a busy machine: seen as a 30 s timeout on a full page that was
  // long since drawn) is tried once more; a second failure is the test's.
  try {
    await page.screenshot({ path: file, fullPage: true, caret: 'initial', timeout: 10_000 });
  } catch (e) {
    if (page.isClosed() || !/timeout/i.test(String(e))) throw e;
    await page.screenshot({ path: file, fullPage: true, caret: 'initial', timeout: 30_000 });
  }
  return file;
}

/** The problems seen so far on this page (console errors, page errors, failed requests, 5xx answers). */
export function issues(page: Page): string[] {
  return [...(states.get(page)?.issues ?? [])];
}

/**
 * Takes the page's final screenshot (`<test name>.png`) and throws if anything went wrong on it: a console
 * error, an uncaught exception, a failed request or a 5xx answer.
 */
export async function assertClean(page: Page): Promise<void> {
  if (!page.isClosed()) await screenshot(page);
  const found = issues(page);
  if (found.length) throw new Error(`The page had ${found.length} problem(s):\n  - ${found.join('\n  - ')}`);
}

/** The page is no wider than the window: nothing scrolls sideways (a phone at 375 px included). */
export async function noSidewaysScroll(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
}

/** Closes the page's browser context (its cookies and storage go with it). */
export async function closePage(page: Page): Promise<void> {
  await page.context().close();
}
