// The workflow triggers page (routes/pages/workflow-triggers.tsx): the list, adding a schedule (errors on the fields),
// a webhook's secret shown once (and working) then never again, rotating it, enable/disable, delete, viewers'
// read-only list and refused writes, another tenant's workflow or trigger answering 404, and escaping.
import { describe, expect, it } from 'vitest';
import { type Account, api, expectNotFound, getPage, postForm, signup } from './helpers';
import { addPerson } from './helpers/people';
import { hook, sign } from './helpers/webhooks';
import { seedWorkflow } from './helpers/workflow-seed';

const pageOf = (id: string) => `/app/workflows/${id}/triggers`;

async function triggers(a: Account, wfId: string): Promise<any[]> {
  const res = await api(`/api/v1/workflows/${wfId}/triggers`, { as: a });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: any[] }).data;
}

/** The secret in a page's one-time panel, or null. */
const shownSecret = (html: string) => /<pre class="code-block code-wrap" id="trigger-secret">\s*<code>(whsec_[\w-]+)<\/code>/.exec(html)?.[1] ?? null;

describe('workflow triggers page', () => {
  it('is linked from the workflow header and lists schedules and webhooks', async () => {
    const a = await signup();
    const wf = await seedWorkflow(a);
    const empty = await (await getPage(a, pageOf(wf.id))).text();
    expect(empty).toContain(`href="/app/workflows/${wf.id}/triggers" aria-current="page"`);
    expect(empty).toContain('No triggers yet');
    await api(`/api/v1/workflows/${wf.id}/triggers`, {
      as: a,
      body: { kind: 'schedule', cron: '0 9 * * 1-5', timezone: 'Europe/Paris', inputs: { topic: 'news' } },
    });
    const hookRes = await api(`/api/v1/workflows/${wf.id}/triggers`, { as: a, body: { kind: 'webhook' } });
    const webhook = (await hookRes.json()) as { id: string; url: string; secret: string };
    const html = await (await getPage(a, pageOf(wf.id))).text();
    expect(html).toContain('<code>0 9 * * 1-5</code>');
    expect(html).toContain('Europe/Paris');
    const [schedule] = (await triggers(a, wf.id)).filter((t) => t.kind === 'schedule');
    expect(html).toContain(`<time datetime="${schedule.next_run_at}">`);
    expect(html).toContain(webhook.url);
    expect(html).not.toContain(webhook.secret);
    expect(html.match(/>Enabled</g)?.length).toBe(2);
    expect(html).toContain('Add a schedule');
    expect(html).toContain('Add a webhook');
  });

  it('adds a schedule, and shows the API’s validation errors on the fields', async () => {
    const a = await signup();
    const wf = await seedWorkflow(a);
    const bad = await postForm(a, `${pageOf(wf.id)}/schedules`, { cron: '61 * * * *', timezone: 'UTC', inputs: '{"topic":"x"}' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toMatch(/id="field-cron"[^>]*aria-invalid="true"/);
    expect(badHtml).toContain('id="field-cron-error"');
    expect(badHtml).toContain('value="61 * * * *"');
    const zone = await (await postForm(a, `${pageOf(wf.id)}/schedules`, { cron: '0 9 * * *', timezone: 'Mars/Olympus', inputs: '{"topic":"x"}' })).text();
    expect(zone).toContain('id="field-timezone-error"');
    const json = await (await postForm(a, `${pageOf(wf.id)}/schedules`, { cron: '0 9 * * *', timezone: 'UTC', inputs: '{nope' })).text();
    expect(json).toContain('id="field-inputs-error"');
    // The workflow requires `topic`: a schedule without it is refused on the inputs field.
    const missing = await (await postForm(a, `${pageOf(wf.id)}/schedules`, { cron: '0 9 * * *', timezone: 'UTC', inputs: '' })).text();
    expect(missing).toContain('id="field-inputs-error"');
    expect(await triggers(a, wf.id)).toHaveLength(0);

    const ok = await postForm(a, `${pageOf(wf.id)}/schedules`, { cron: '30 8 * * *', timezone: 'Asia/Tokyo', inputs: '{"topic":"daily"}' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`${pageOf(wf.id)}?done=created`);
    const [t] = await triggers(a, wf.id);
    expect(t).toMatchObject({ kind: 'schedule', cron: '30 8 * * *', timezone: 'Asia/Tokyo', inputs: { topic: 'daily' }, enabled: true });
  });

  it('shows a new webhook’s secret once (it signs calls), never on reload; rotating shows a new one and stops the old', async () => {
    const a = await signup();
    const wf = await seedWorkflow(a);
    const res = await postForm(a, `${pageOf(wf.id)}/webhooks`);
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const html = await res.text();
    const secret = shownSecret(html);
    expect(secret).not.toBeNull();
    const [t] = await triggers(a, wf.id);
    expect(html).toContain('data-copy="trigger-secret"');
    expect(html).toContain('openssl dgst -sha256 -hmac');
    expect(html).toContain(t.url);
    const body = '{"topic":"from the page"}';
    expect((await hook(t.url, body, { 'x-edgent-signature': await sign(secret!, body) })).status).toBe(202);

    const again = await (await getPage(a, pageOf(wf.id))).text();
    expect(again).not.toContain(secret!);
    expect(shownSecret(again)).toBeNull();
    expect(again).toContain(t.url);

    const rotated = await postForm(a, `${pageOf(wf.id)}/${t.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const rotatedHtml = await rotated.text();
    const fresh = shownSecret(rotatedHtml);
    expect(fresh).not.toBeNull();
    expect(fresh).not.toBe(secret);
    expect(rotatedHtml).not.toContain(secret!);
    expect((await hook(t.url, body, { 'x-edgent-signature': await sign(secret!, body) })).status).toBe(401);
    expect((await hook(t.url, body, { 'x-edgent-signature': await sign(fresh!, body) })).status).toBe(202);
    expect(await (await getPage(a, pageOf(wf.id))).text()).not.toContain(fresh!);
  });

  it('disables, enables and deletes a trigger (delete asks first)', async () => {
    const a = await signup();
    const wf = await seedWorkflow(a);
    await postForm(a, `${pageOf(wf.id)}/schedules`, { cron: '0 9 * * *', timezone: 'UTC', inputs: '{"topic":"x"}' });
    const [t] = await triggers(a, wf.id);
    const listed = await (await getPage(a, pageOf(wf.id))).text();
    expect(listed).toContain(`action="${pageOf(wf.id)}/${t.id}/delete"`);
    expect(listed).toMatch(/hx-confirm="Delete this schedule 0 9 \* \* \*\?/);

    const off = await postForm(a, `${pageOf(wf.id)}/${t.id}/enabled`, { enabled: 'false' });
    expect(off.status).toBe(303);
    expect((await triggers(a, wf.id))[0]).toMatchObject({ enabled: false, next_run_at: null });
    expect(await (await getPage(a, pageOf(wf.id))).text()).toContain('>Disabled<');
    await postForm(a, `${pageOf(wf.id)}/${t.id}/enabled`, { enabled: 'true' });
    const on = (await triggers(a, wf.id))[0];
    expect(on.enabled).toBe(true);
    expect(on.next_run_at).not.toBeNull();

    const del = await postForm(a, `${pageOf(wf.id)}/${t.id}/delete`, {}, { htmx: true });
    expect(del.status).toBe(204);
    expect(del.headers.get('hx-redirect')).toBe(`${pageOf(wf.id)}?done=deleted`);
    expect(await triggers(a, wf.id)).toHaveLength(0);
    expect(await (await getPage(a, `${pageOf(wf.id)}?done=deleted`)).text()).toContain('Trigger deleted.');
  });

  it('is read-only for a viewer: the list without controls, every change refused with 403', async () => {
    const a = await signup();
    const wf = await seedWorkflow(a);
    await api(`/api/v1/workflows/${wf.id}/triggers`, { as: a, body: { kind: 'webhook' } });
    const [t] = await triggers(a, wf.id);
    const viewer = await addPerson(a, 'viewer');
    const html = await (await getPage(viewer, pageOf(wf.id))).text();
    expect(html).toContain(t.url);
    for (const hidden of ['Add a schedule', 'Add a webhook', 'Rotate secret', '/delete"', '/enabled"']) expect(html).not.toContain(hidden);
    expect((await postForm(viewer, `${pageOf(wf.id)}/schedules`, { cron: '0 9 * * *', inputs: '{"topic":"x"}' })).status).toBe(403);
    expect((await postForm(viewer, `${pageOf(wf.id)}/webhooks`)).status).toBe(403);
    expect((await postForm(viewer, `${pageOf(wf.id)}/${t.id}/rotate-secret`)).status).toBe(403);
    expect((await postForm(viewer, `${pageOf(wf.id)}/${t.id}/enabled`, { enabled: 'false' })).status).toBe(403);
    expect((await postForm(viewer, `${pageOf(wf.id)}/${t.id}/delete`)).status).toBe(403);
    expect(await triggers(a, wf.id)).toMatchObject([{ id: t.id, enabled: true }]);
  });

  it('answers 404 for another tenant’s workflow or trigger, and for a trigger of another workflow', async () => {
    const a = await signup('Owner org');
    const b = await signup('Other org');
    const wf = await seedWorkflow(a, undefined, 'Secret flow');
    await api(`/api/v1/workflows/${wf.id}/triggers`, { as: a, body: { kind: 'webhook' } });
    const [t] = await triggers(a, wf.id);
    expect(await expectNotFound(await getPage(b, pageOf(wf.id)))).not.toContain('Secret flow');
    expect((await postForm(b, `${pageOf(wf.id)}/webhooks`)).status).toBe(404);
    expect((await postForm(b, `${pageOf(wf.id)}/schedules`, { cron: '0 9 * * *', inputs: '{"topic":"x"}' })).status).toBe(404);
    const own = await seedWorkflow(b);
    for (const wfId of [wf.id, own.id]) {
      expect((await postForm(b, `${pageOf(wfId)}/${t.id}/rotate-secret`)).status).toBe(404);
      expect((await postForm(b, `${pageOf(wfId)}/${t.id}/enabled`, { enabled: 'false' })).status).toBe(404);
      expect((await postForm(b, `${pageOf(wfId)}/${t.id}/delete`)).status).toBe(404);
    }
    // Another workflow of the same tenant does not reach the trigger either.
    const second = await seedWorkflow(a, undefined, 'Second');
    expect((await postForm(a, `${pageOf(second.id)}/${t.id}/delete`)).status).toBe(404);
    expect(await triggers(a, wf.id)).toMatchObject([{ id: t.id, enabled: true }]);
  });

  it('escapes the workflow name and the inputs', async () => {
    const a = await signup();
    const wf = await seedWorkflow(a, undefined, '<img src=x onerror=alert(1)>');
    await postForm(a, `${pageOf(wf.id)}/schedules`, { cron: '0 9 * * *', timezone: 'UTC', inputs: '{"topic":"</code><script>alert(2)</script>"}' });
    const html = await (await getPage(a, pageOf(wf.id))).text();
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert(2)');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;/code&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    const bad = await (
      await postForm(a, `${pageOf(wf.id)}/schedules`, { cron: '"><script>alert(3)</script>', timezone: 'UTC', inputs: '{"topic":"x"}' })
    ).text();
    expect(bad).not.toContain('<script>alert(3)');
  });
});
