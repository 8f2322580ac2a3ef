// The model field of the new-agent form and the builder: it follows the chosen connection (its models as
// suggestions, free text kept) and offers "Platform default" only when the operator configured one.
import { describe, expect, inject, it } from 'vitest';
import { connectionOptions } from '../../views/components/agents/builder-model';
import { api, getPage, signup } from './helpers';

const LLM = inject('llmUrl');

describe('model field', () => {
  it('lists the chosen connection’s models on the new-agent form, leaving the typed model alone', async () => {
    const a = await signup();
    const con = (await (
      await api('/api/v1/connections', {
        body: { name: 'Upstream', kind: 'openai_compatible', base_url: LLM, auth: { type: 'bearer', secret: 'sk-any-key-123456' } },
        as: a,
      })
    ).json()) as any;
    const page = await (await getPage(a, '/app/agents/new')).text();
    expect(page).toContain('hx-get="/app/agents/new/models"');
    expect(page).toContain('hx-trigger="change from:#field-connection_id"');
    expect(page).toMatch(/<option value="" selected="">Platform default<\/option>/); // the tests' operator default
    const part = await (await getPage(a, `/app/agents/new/models?connection_id=${con.id}`, { htmx: true })).text();
    expect(part).toContain('<option value="gpt-4o-mini">');
    expect(part).toContain('3 models available');
    expect(part).not.toContain('id="field-model"'); // only the suggestions are swapped
  });

  it("never lists another tenant's connection models", async () => {
    const a = await signup();
    const b = await signup();
    const con = (await (
      await api('/api/v1/connections', {
        body: { name: 'A', kind: 'openai_compatible', base_url: LLM, auth: { type: 'bearer', secret: 'sk-any-key-123456' } },
        as: a,
      })
    ).json()) as any;
    const part = await (await getPage(b, `/app/agents/new/models?connection_id=${con.id}`, { htmx: true })).text();
    expect(part).not.toContain('gpt-4o-mini');
    expect(part).toContain('the connection no longer exists');
  });

  it('offers "Platform default" only when the operator configured one', () => {
    const conns = [{ value: 'con_1', label: 'Mine' }];
    expect(connectionOptions(conns, true, '')[0]).toEqual({ value: '', label: 'Platform default' });
    expect(connectionOptions(conns, false, 'con_1')).toEqual(conns);
    expect(connectionOptions(conns, false, '')).toEqual([{ value: '', label: 'None: choose a connection' }, ...conns]);
    expect(connectionOptions([], false, '')).toEqual([{ value: '', label: 'None yet: add a connection' }]);
  });
});
