// Publishing and installing in a real browser (worker/routes/pages/marketplace-app.tsx): a creator lists a public
// agent with the plain publish form, an installer installs it (the install panel's form), maps a connection on the
// setup page, then reviews and applies an update. Screenshots at 1280 and 375 px of each page.
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

async function both(page: Page, name: string) {
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 375, height: 800 });
  await screenshot(page, `${name}-375`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('marketplace publishing and installing', () => {
  test('publish form, install, setup mapping, update review', async (ctx) => {
    const creator = await newPage(browser, ctx.task.name);
    await signUp(creator, newAccount());
    const conn = await apiFromPage(creator, 'POST', '/api/v1/connections', {
      name: 'Creator CRM',
      kind: 'http',
      base_url: 'https://api.example.test/v1',
      auth: { type: 'bearer', secret: 'creator-secret-0123456789' },
    });
    const tool = await apiFromPage(creator, 'POST', '/api/v1/tools', {
      name: 'crm_lookup',
      description: 'Looks up a customer',
      kind: 'http',
      connection_id: conn.json.id,
      config: { method: 'GET', url: '/customers' },
    });
    const agent = await apiFromPage(creator, 'POST', '/api/v1/agents', {
      name: 'CRM Helper',
      model: 'edgent-test',
      instructions: 'You help with the CRM.',
      tool_ids: [tool.json.id],
      visibility: 'public',
    });
    expect(agent.status).toBe(201);
    await creator.goto(`/app/agents/${agent.json.id}/listing`);
    const title = `CRM Helper ${Date.now().toString(36)}`;
    await creator.getByLabel('Title').fill(title);
    await creator.getByLabel('Tagline').fill('Looks customers up in your CRM');
    await creator.getByLabel('Description').fill('Finds **customers** fast.');
    await creator.getByLabel('Tags').fill('crm, sales');
    await both(creator, 'publish-form');
    await creator.getByRole('button', { name: 'Publish', exact: true }).click();
    await creator.waitForURL(/notice=published/);
    expect(await creator.textContent('body')).toContain('Published in the marketplace.');
    await both(creator, 'published');
    const listing = await apiFromPage(creator, 'GET', `/api/v1/agents/${agent.json.id}/listing`);
    await assertClean(creator);

    const installer = await newPage(browser, `${ctx.task.name} installer`);
    await signUp(installer, newAccount());
    await apiFromPage(installer, 'POST', '/api/v1/connections', {
      name: 'My CRM',
      kind: 'http',
      base_url: 'https://crm.example.test',
      auth: { type: 'bearer', secret: 'mine-0123456789abc' },
    });
    // The install panel's form, as the detail page renders it.
    const csrf = await installer.evaluate(() => document.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '');
    await installer.setContent(
      `<form method="post" action="${new URL(installer.url()).origin}/app/marketplace/${listing.json.slug}/install"><input type="hidden" name="_csrf" value="${csrf}"><button>Install</button></form>`,
    );
    await installer.getByRole('button', { name: 'Install' }).click();
    await installer.waitForURL(/\/setup\?notice=installed/);
    expect(await installer.textContent('body')).toContain('Creator CRM');
    await both(installer, 'setup');
    await installer.getByLabel(/Tool crm_lookup/).selectOption({ label: 'My CRM' });
    await installer.getByRole('button', { name: 'Save connections' }).click();
    await installer.waitForURL(/notice=saved/);
    expect(await installer.textContent('body')).toContain('Every tool is connected.');

    await apiFromPage(creator, 'PATCH', `/api/v1/agents/${agent.json.id}`, { instructions: 'You help with the CRM.\nAnswer in one line.' });
    await apiFromPage(creator, 'PATCH', `/api/v1/agents/${agent.json.id}/listing`, { publish_version: true, version_notes: 'Shorter answers' });
    await installer.reload();
    expect(await installer.textContent('body')).toContain('Update available (v2)');
    await both(installer, 'update-review');
    await installer.getByRole('button', { name: 'Apply update' }).click();
    await installer.waitForURL(/notice=updated/);
    expect(await installer.textContent('body')).toContain('Update applied');
    await assertClean(installer);
    await closePage(installer);
    await closePage(creator);
  });
});
