// Version history (routes/pages/versions.tsx): every version with a summary, a diff of fields and instruction
// lines, restore as a new version, bad version numbers, and tenant isolation.
import { describe, expect, it } from 'vitest';
import { type Account, api, createAgent, expectNotFound, getPage, postForm, signup } from './helpers';

async function threeVersions(a: Account) {
  const agent = await createAgent(a, { name: 'Versioned', instructions: 'Line one\nLine two\nLine three' });
  await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { instructions: 'Line one\nLine 2 <changed>\nLine three', temperature: 0.5 }, as: a });
  await api(`/api/v1/agents/${agent.id}`, { method: 'PATCH', body: { model: 'gpt-4o', tool_ids: ['tol_calculator'] }, as: a });
  return agent;
}

describe('version history', () => {
  it('lists the versions with what changed, and diffs the chosen one against the one before', async () => {
    const a = await signup();
    const agent = await threeVersions(a);
    const html = await (await getPage(a, `/app/agents/${agent.id}/versions`)).text();
    expect(html).toContain('Version 3 compared with version 2');
    expect(html).toContain('Changed model, tools');
    expect(html).toContain('Changed instructions, temperature');
    expect(html).toContain('calculator');
    const v2 = await (await getPage(a, `/app/agents/${agent.id}/versions?v=2`)).text();
    expect(v2).toContain('<span class="sr-only">Removed: </span>− Line two');
    expect(v2).toContain('<span class="sr-only">Added: </span>+ Line 2 &lt;changed&gt;');
    expect(v2).toContain('Restore version 2');
  });

  it('restores an earlier version as a new version', async () => {
    const a = await signup();
    const agent = await threeVersions(a);
    const res = await postForm(a, `/app/agents/${agent.id}/versions/1/restore`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/app/agents/${agent.id}/versions?restored=1`);
    const now = (await (await api(`/api/v1/agents/${agent.id}`, { as: a })).json()) as any;
    expect(now).toMatchObject({ version: 4, model: 'edgent-test', instructions: 'Line one\nLine two\nLine three', tool_ids: [] });
    const page = await (await getPage(a, res.headers.get('location')!)).text();
    expect(page).toContain('Restored version 1 as version 4');
    expect(page).toContain('Restored from version 1');
  });

  it('answers 404 for a version that does not exist', async () => {
    const a = await signup();
    const agent = await createAgent(a);
    expect((await postForm(a, `/app/agents/${agent.id}/versions/9/restore`)).status).toBe(404);
    expect((await postForm(a, `/app/agents/${agent.id}/versions/zero/restore`)).status).toBe(404);
    expect((await getPage(a, `/app/agents/${agent.id}/versions?v=99`)).status).toBe(200); // falls back to the current one
  });

  it("answers 404 for another tenant's history and restore", async () => {
    const a = await signup();
    const b = await signup();
    const agent = await threeVersions(a);
    expect(await expectNotFound(await getPage(b, `/app/agents/${agent.id}/versions`))).not.toContain('Versioned');
    expect((await postForm(b, `/app/agents/${agent.id}/versions/1/restore`)).status).toBe(404);
    expect(((await (await api(`/api/v1/agents/${agent.id}`, { as: a })).json()) as any).version).toBe(3);
  });
});
