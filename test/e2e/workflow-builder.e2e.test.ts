// The workflow canvas in a real Chromium (issue 15 §3), with the KEYBOARD ONLY once the canvas is open: add a step
// from the palette, connect it (C, then Enter on the target), set its value in the side panel, save, start a test run
// and watch every node reach `succeeded` over the run's SSE events. Undo/redo and delete by key too. Screenshots at
// 1280×800 and on a phone-sized screen.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertClean, closePage, issues, launchBrowser, newPage, screenshot } from './browser';
import { apiFromPage, newAccount, signUp } from './flows';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Presses Tab (Shift+Tab with `back`) until the focused element matches `selector`. */
async function tabTo(page: Page, selector: string, opts: { back?: boolean; max?: number } = {}) {
  for (let i = 0; i < (opts.max ?? 80); i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id ?? '');
const live = (page: Page) => page.locator('#wf-live').textContent();
const definition = async (page: Page) => JSON.parse(await page.locator('#wf-json').inputValue());

describe('workflow builder', () => {
  test('build a two-step workflow with the keyboard, save it, run it and watch each step succeed', async () => {
    const page = await newPage(browser, 'workflow-builder');
    await signUp(page, newAccount());
    await page.goto('/app/workflows');
    await page.getByText('No workflows yet').waitFor();
    // "New workflow" from the empty state: a blank workflow (one transform step `start` echoing inputs.text).
    await tabTo(page, '.empty-action button');
    await Promise.all([page.waitForURL(/\/app\/workflows\/wfl_\w+$/), page.keyboard.press('Enter')]);
    const id = /wfl_\w+/.exec(page.url())![0];
    await page.locator('.wf-builder.is-ready').waitFor();
    await expect.poll(() => page.locator('.wf-node').count()).toBe(1);

    // Add a Transform step from the palette: it gets focus, and its settings open in the side panel.
    await tabTo(page, 'button[data-kind="transform"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toMatch(/^Step transform_1, transform/);
    await expect.poll(() => live(page)).toContain('Added step transform_1');
    await page.locator('#step-panel #sf-id').waitFor();

    // Connect: focus `start`, press C, move to transform_1 and press Enter.
    await page.keyboard.press('Home');
    await expect.poll(() => focused(page)).toMatch(/^Step start, transform/);
    await page.keyboard.press('c');
    await expect.poll(() => live(page)).toContain('Connecting from start');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(() => live(page)).toContain('Connected: transform_1 now needs start');
    await expect.poll(() => focused(page)).toMatch(/^Step transform_1, transform, needs start/);

    // The open side panel (transform_1's settings) follows: its "Runs after" now has start ticked.
    const needsStart = page.locator('#step-panel input[name="needs"][value="start"]');
    await expect.poll(() => needsStart.isChecked()).toBe(true);

    // Undo takes the connection away, redo puts it back (and the panel follows both).
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await definition(page)).steps[1].needs).toBeUndefined();
    await expect.poll(() => needsStart.isChecked()).toBe(false);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await definition(page)).steps[1].needs).toEqual(['start']);
    await expect.poll(() => needsStart.isChecked()).toBe(true);

    // Its settings, in the side panel: open them with Enter, give the step an id and a value that reads `start`.
    // Enter loads the form again: wait for the new one (typing into the one it replaces would be lost).
    await page.evaluate(() => document.querySelector('#step-panel form')?.setAttribute('data-stale', ''));
    await page.keyboard.press('Enter');
    await page.locator('#step-panel form:not([data-stale]) #sf-id[value="transform_1"]').waitFor();
    await tabTo(page, '#sf-id');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('shout');
    await tabTo(page, '#sf-value');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('{{steps.start.output}}!');
    await tabTo(page, '#step-panel button[type="submit"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => live(page)).toContain('Step shout updated');
    await expect
      .poll(async () => (await definition(page)).steps[1])
      .toMatchObject({ id: 'shout', kind: 'transform', needs: ['start'], value: '{{steps.start.output}}!' });
    expect(await page.locator('#wf-node-shout').getAttribute('aria-label')).toMatch(/^Step shout, transform, needs start/);

    // Add a third step and delete it again with the Delete key.
    await tabTo(page, 'button[data-kind="wait"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.wf-node').count()).toBe(3);
    await expect.poll(() => focused(page)).toMatch(/^Step wait_1, wait/);
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.wf-node').count()).toBe(2);
    await expect.poll(() => live(page)).toContain('Deleted step wait_1');
    await expect.poll(() => page.locator('#step-panel form[data-original="wait_1"]').count()).toBe(0);

    // Move a node with Shift+arrows (its position is part of the definition), then save with the Save button.
    await page.keyboard.press('End');
    await expect.poll(() => focused(page)).toMatch(/^Step shout/);
    const before = (await definition(page)).steps[1].position;
    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(async () => (await definition(page)).steps[1].position).toEqual({ x: before.x, y: before.y + 20 });
    await tabTo(page, '#wf-save', { back: true });
    await page.keyboard.press('Enter');
    await expect.poll(() => live(page)).toContain('Saved as version 2');
    expect(await page.locator('#wf-head-version').textContent()).toBe('v2');
    const saved = await apiFromPage(page, 'GET', `/api/v1/workflows/${id}`);
    expect(saved.json.version).toBe(2);
    expect(saved.json.definition.steps.map((s: any) => [s.id, s.needs ?? []])).toEqual([
      ['start', []],
      ['shout', ['start']],
    ]);
    await screenshot(page, 'built');

    // Test run: the inputs form comes from the definition; Enter starts it; every node shows its live status.
    await tabTo(page, '#wf-in-text');
    await page.keyboard.type('hello');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#wf-run-status').textContent(), { timeout: 30_000 }).toMatch(/Run run_\w+ succeeded/);
    for (const step of ['start', 'shout']) await expect.poll(() => page.locator(`#wf-node-${step}`).getAttribute('data-status')).toBe('succeeded');
    await expect.poll(() => page.locator('#wf-node-shout .wf-node-output').textContent()).toBe('hello!');
    expect(await page.locator('#wf-node-shout').getAttribute('aria-label')).toContain('succeeded');
    await screenshot(page, 'ran');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300); // the canvas refits after a resize
    await screenshot(page, 'narrow');
    await assertClean(page);
    await closePage(page);
  });

  test('a validation error shows on its node, and Save is refused with it', async () => {
    const page = await newPage(browser, 'workflow-builder-errors');
    await signUp(page, newAccount());
    const made = await apiFromPage(page, 'POST', '/api/v1/workflows', {
      name: 'Broken on purpose',
      definition: { steps: [{ id: 'only', kind: 'transform', value: 'x', position: { x: 0, y: 0 } }] },
    });
    expect(made.status).toBe(201);
    await page.goto(`/app/workflows/${made.json.id}`);
    await page.locator('.wf-builder.is-ready').waitFor();
    // Through the JSON view: a step that reads a step that does not exist.
    const json = page.locator('#wf-json');
    await page.locator('.wf-json-view summary').press('Enter');
    await json.focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type(
      JSON.stringify({ inputs: {}, steps: [{ id: 'only', kind: 'transform', value: '{{steps.ghost.output}}', position: { x: 0, y: 0 } }] }),
    );
    await expect.poll(async () => (await definition(page)).steps[0].value, { timeout: 5000 }).toBe('{{steps.ghost.output}}');
    await expect.poll(() => page.locator('#wf-node-only .wf-node-error').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.locator('#wf-node-only .wf-node-error').first().textContent()).toContain('ghost');
    expect(await page.locator('#wf-node-only').getAttribute('aria-label')).toMatch(/error: .*ghost/);
    await page.locator('#wf-save').press('Enter');
    await expect.poll(() => live(page)).toContain('Not saved');
    expect((await apiFromPage(page, 'GET', `/api/v1/workflows/${made.json.id}`)).json.version).toBe(1);
    // The refused save is the page's only problem: the browser logs its 400.
    await screenshot(page);
    expect(issues(page)).toEqual([expect.stringMatching(/status of 400 .*\/api\/v1\/workflows\/wfl_\w+\)$/)]);
    await closePage(page);
  });

  test('with the mouse: drag a node to place it, drag from its output port to connect, auto-layout, zoom', async () => {
    const page = await newPage(browser, 'workflow-builder-mouse');
    await signUp(page, newAccount());
    const made = await apiFromPage(page, 'POST', '/api/v1/workflows', {
      name: 'Mouse',
      definition: {
        steps: [
          { id: 'a', kind: 'transform', value: 1, position: { x: 0, y: 0 } },
          { id: 'b', kind: 'transform', value: 2, position: { x: 0, y: 160 } },
        ],
      },
    });
    await page.goto(`/app/workflows/${made.json.id}`);
    await page.locator('.wf-builder.is-ready').waitFor();
    const b = page.locator('#wf-node-b');
    const box = (await b.boundingBox())!;
    await page.mouse.move(box.x + 60, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + 160, box.y + 20, { steps: 5 });
    await page.mouse.up();
    const moved = (await definition(page)).steps[1].position;
    expect(moved.x).toBeGreaterThan(40);
    expect(await page.locator('#wf-undo').isDisabled()).toBe(false);
    // From a's output port to b: b now needs a, and an edge is drawn.
    const port = (await page.locator('#wf-node-a .wf-port-out').boundingBox())!;
    const target = (await b.boundingBox())!;
    await page.mouse.move(port.x + port.width / 2, port.y + port.height / 2);
    await page.mouse.down();
    await page.mouse.move(target.x + 40, target.y + 30, { steps: 8 });
    await page.mouse.up();
    await expect.poll(async () => (await definition(page)).steps[1].needs).toEqual(['a']);
    expect(await page.locator('#wf-edges path.wf-edge:not(.wf-edge-ref)').count()).toBe(1);
    // Auto-layout puts b to the right of a (left to right by dependency); zoom changes the level shown.
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await expect
      .poll(async () => {
        const [pa, pb] = (await definition(page)).steps.map((s: any) => s.position);
        return pb.x > pa.x;
      })
      .toBe(true);
    const level = await page.locator('#wf-zoom-level').textContent();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    expect(await page.locator('#wf-zoom-level').textContent()).not.toBe(level);
    await assertClean(page);
    await closePage(page);
  });
});
