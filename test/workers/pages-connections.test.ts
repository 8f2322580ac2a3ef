// Connection pages (routes/pages/connections.tsx): create with a write-only secret (only its hint comes back), edit
// keeping the secret, the inline test, who uses it, delete refused while in use unless forced, and tenant isolation.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, createAgent, expectNotFound, getPage, postForm, signup } from './helpers';

const LLM = () => env.LLM_URL;
const fields = (over: Record<string, string> = {}) => ({
  name: 'Test model',
  kind: 'openai_compatible',
  base_url: LLM(),
  auth_type: 'bearer',
  secret: 'sk-page-test-secret-4242',
  header_name: '',
  param_name: '',
  username: '',
  health_path: '',
  ...over,
});

async function created(a: Awaited<ReturnType<typeof signup>>) {
  const list = (await (await api('/api/v1/connections', { as: a })).json()) as { data: { id: string; name: string; auth: { hint: string } }[] };
  return list.data[0]!;
}

describe('connection pages', () => {
  it('creates a connection from the form; the list shows its hint, never the secret', async () => {
    const a = await signup();
    expect(await (await getPage(a, '/app/connections')).text()).toContain('No connections yet');
    const res = await postForm(a, '/app/connections/new', fields());
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/connections?notice=connection_created');
    const html = await (await getPage(a, res.headers.get('location')!)).text();
    expect(html).toContain('Test model');
    expect(html).toContain((await created(a)).auth.hint);
    expect(html).not.toContain('sk-page-test-secret-4242');
    expect(html).toContain('No agent uses it yet');
  });

  it('shows the errors next to the fields and keeps what was typed, but not the secret', async () => {
    const a = await signup();
    const res = await postForm(a, '/app/connections/new', fields({ name: '', base_url: 'ftp://nope', auth_type: 'header' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="field-name-error"/);
    expect(html).toMatch(/id="field-base_url-error"[^>]*>.*absolute http or https URL/s);
    expect(html).toMatch(/id="field-header_name-error"/);
    expect(html).toContain('value="ftp://nope"');
    expect(html).not.toContain('sk-page-test-secret-4242');
  });

  it('tests a connection in place (an htmx fragment) and as a plain post', async () => {
    const a = await signup();
    await postForm(a, '/app/connections/new', fields());
    const c = await created(a);
    const frag = await postForm(a, `/app/connections/${c.id}/test`, {}, { htmx: true });
    expect(frag.status).toBe(200);
    const html = await frag.text();
    expect(html).toContain(`id="check-${c.id}"`);
    expect(html).toContain('Connected: 3 models available');
    expect(html).not.toContain('<html');
    const plain = await (await postForm(a, `/app/connections/${c.id}/test`)).text();
    expect(plain).toContain('<html');
    expect(plain).toContain('Connected: 3 models');
  });

  it('keeps the stored secret when the edit form leaves it empty', async () => {
    const a = await signup();
    await postForm(a, '/app/connections/new', fields());
    const c = await created(a);
    const form = await (await getPage(a, `/app/connections/${c.id}`)).text();
    expect(form).toContain(`A secret is stored (${c.auth.hint})`);
    expect(form).not.toContain('sk-page-test-secret-4242');
    const res = await postForm(a, `/app/connections/${c.id}`, fields({ name: 'Renamed model', secret: '' }));
    expect(res.status).toBe(303);
    const after = await created(a);
    expect(after).toMatchObject({ name: 'Renamed model', auth: { hint: c.auth.hint } });
  });

  it('refuses to delete a connection in use, says who uses it, and deletes it when forced', async () => {
    const a = await signup();
    await postForm(a, '/app/connections/new', fields());
    const c = await created(a);
    await createAgent(a, { name: 'Uses the model', connection_id: c.id });
    const confirm = await (await getPage(a, `/app/connections/${c.id}/delete`, { htmx: true })).text();
    expect(confirm).toContain('Agent “Uses the model” uses it');
    expect(confirm).toContain('name="force"');
    const refused = await postForm(a, `/app/connections/${c.id}/delete`);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('This connection is used by 1 agent');
    const forced = await postForm(a, `/app/connections/${c.id}/delete`, { force: 'true' });
    expect(forced.status).toBe(303);
    expect((await api(`/api/v1/connections/${c.id}`, { as: a })).status).toBe(404);
  });

  it('refuses a form post without the CSRF token', async () => {
    const a = await signup();
    expect((await postForm(a, '/app/connections/new', fields(), { csrf: false })).status).toBe(403);
  });

  it("answers 404 for another tenant's connection pages and actions", async () => {
    const a = await signup();
    const b = await signup();
    await postForm(a, '/app/connections/new', fields());
    const c = await created(a);
    for (const path of [`/app/connections/${c.id}`, `/app/connections/${c.id}/delete`])
      expect(await expectNotFound(await getPage(b, path))).not.toContain('Test model');
    for (const path of [`/app/connections/${c.id}`, `/app/connections/${c.id}/test`, `/app/connections/${c.id}/delete`]) {
      expect((await postForm(b, path, { ...fields(), force: 'true' })).status).toBe(404);
    }
    expect((await api(`/api/v1/connections/${c.id}`, { as: a })).status).toBe(200);
  });
});
