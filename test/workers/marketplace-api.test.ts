// The public catalogue API (worker/routes/api/marketplace.ts): GET /api/v1/marketplace/listings/:slug (detail: never a
// paid listing's instructions, never credentials, version history), /categories (counts of published listings),
// 404 for unknown, unpublished and removed listings at once, open CORS, and the usage-verified popularity counters
// (worker/db/marketplace-catalog.ts refreshListingStats and the hourly job in worker/index.ts): only OTHER
// organizations' installs and their conversations count, never the creator's own.
import { SELF, createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import { refreshListingStats } from '../../worker/services/marketplace-search';
import { BASE, signup } from './helpers';
import { seedListing } from './helpers/marketplace';

const get = (path: string) => SELF.fetch(`${BASE}/api/v1/marketplace${path}`);
type Detail = Record<string, unknown> & {
  instructions?: string;
  versions: { version: number; notes: string | null }[];
  installs: number;
  conversations: number;
};

async function install(tenantId: string, listingId: string, agentId: string, sessions: number) {
  const now = Date.now();
  const stmts = [
    env.DB.prepare(
      `insert into agents (id, tenant_id, slug, name, instructions, model, max_steps, tool_ids, variables, runtime, version, visibility, created_at, updated_at)
       values (?1, ?2, ?1, 'copy', 'x', 'gpt-4o-mini', 5, '[]', '{}', 'edge', 1, 'team', ?3, ?3)`,
    ).bind(agentId, tenantId, now),
    env.DB.prepare(
      `insert into listing_installs (id, tenant_id, listing_id, agent_id, listing_version, created_at, updated_at) values (?1, ?2, ?3, ?4, 1, ?5, ?5)`,
    ).bind(`ins_${agentId}`, tenantId, listingId, agentId, now),
  ];
  for (let i = 0; i < sessions; i++)
    stmts.push(
      env.DB.prepare(
        `insert into chat_sessions (id, tenant_id, agent_id, agent_version, metadata, created_at, last_activity_at) values (?1, ?2, ?3, 1, '{}', ?4, ?4)`,
      ).bind(`ses_${agentId}_${i}`, tenantId, agentId, now),
    );
  await env.DB.batch(stmts);
}

describe('GET /api/v1/marketplace/listings/:slug', () => {
  it('answers the detail of a free listing with its instructions, tools (no credentials) and version history, CORS open', async () => {
    const owner = await signup('Detail Co');
    const l = await seedListing(owner, { title: 'Detail Free Agent', instructions: 'Be terse.', description: '# Hello\n\nIt **helps**.' });
    const snapshot = {
      name: 'x',
      description: null,
      instructions: 'Be terse.',
      model: 'gpt-4o-mini',
      temperature: null,
      max_steps: 5,
      variables: { company: 'Acme', tone: 'dry' },
      runtime: 'edge',
      tools: [
        {
          name: 'weather',
          kind: 'http',
          description: 'Looks up the weather',
          config: { url: 'https://api.weather.test/v1' },
          reaches: ['api.weather.test'],
          connection: { name: 'Weather', kind: 'api_key' },
        },
      ],
    };
    await env.DB.batch([
      env.DB.prepare(
        `insert into listing_versions (id, tenant_id, listing_id, version, agent_version, snapshot, notes, created_at) values (?1, ?2, ?3, 2, 1, ?4, 'Faster answers', ?5)`,
      ).bind(`lsv_d2_${l.id.slice(-8)}`, owner.tenant.id, l.id, JSON.stringify(snapshot), Date.now()),
      env.DB.prepare(`update listings set version = 2, icon = '🤖', media = ?2 where id = ?1`).bind(
        l.id,
        JSON.stringify({
          screenshots: [{ url: 'https://img.test/a.png', caption: 'Main' }, { url: 'http://img.test/insecure.png' }],
          example: [{ role: 'user', content: 'Hi' }],
        }),
      ),
    ]);
    const res = await get(`/listings/${l.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const d = (await res.json()) as Detail;
    expect(d).toMatchObject({
      slug: l.slug,
      title: 'Detail Free Agent',
      status: 'published',
      version: 2,
      model: 'gpt-4o-mini',
      instructions: 'Be terse.',
      variables: ['company', 'tone'],
      icon: '🤖',
      tools: [
        {
          name: 'weather',
          kind: 'http',
          description: 'Looks up the weather',
          reaches: ['api.weather.test'],
          needs_connection: { name: 'Weather', kind: 'api_key' },
        },
      ],
      screenshots: [{ url: 'https://img.test/a.png', caption: 'Main' }],
      example_conversation: [{ role: 'user', content: 'Hi' }],
      pricing: { type: 'free' },
    });
    expect(d.versions.map((v) => [v.version, v.notes])).toEqual([
      [2, 'Faster answers'],
      [1, null],
    ]);
    // Tool configs and variable values stay out of the public answer.
    expect(JSON.stringify(d)).not.toContain('api.weather.test/v1');
    expect(JSON.stringify(d)).not.toContain('Acme');
  });

  it('never answers the instructions of a subscription listing', async () => {
    const owner = await signup('Paid Co');
    const l = await seedListing(owner, { title: 'Paid Secret Agent', pricing: { type: 'subscription', monthly_usd: 12.5 }, instructions: 'SECRET-PROMPT-42' });
    const res = await get(`/listings/${l.slug}`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain('SECRET-PROMPT-42');
    const d = JSON.parse(text) as Detail;
    expect('instructions' in d).toBe(false);
    expect(d.pricing).toEqual({ type: 'subscription', monthly_usd: 12.5 });
  });

  it('404 for an unknown slug, and for unpublished and removed listings at once (search too)', async () => {
    const owner = await signup('Gone Co');
    const word = `vanish${crypto.randomUUID().slice(0, 6)}`;
    const l = await seedListing(owner, { title: `Vanishing ${word}` });
    expect((await get(`/listings/${l.slug}`)).status).toBe(200);
    expect(((await (await get(`/listings?q=${word}`)).json()) as { data: unknown[] }).data).toHaveLength(1);
    for (const status of ['unpublished', 'removed']) {
      await env.DB.prepare(`update listings set status = ?2 where id = ?1`).bind(l.id, status).run();
      const res = await get(`/listings/${l.slug}`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
      expect(((await (await get(`/listings?q=${word}`)).json()) as { data: unknown[] }).data).toHaveLength(0);
      await env.DB.prepare(`update listings set status = 'published' where id = ?1`).bind(l.id).run();
    }
    expect((await get('/listings/no-such-listing')).status).toBe(404);
  });
});

describe('GET /api/v1/marketplace/categories', () => {
  it('lists every category with its count of published listings only', async () => {
    const before = ((await (await get('/categories')).json()) as { data: { slug: string; count: number }[] }).data;
    const owner = await signup('Count Co');
    await seedListing(owner, { title: 'Counted One', category: 'education' });
    await seedListing(owner, { title: 'Counted Two', category: 'education' });
    await seedListing(owner, { title: 'Not counted', category: 'education', status: 'unpublished' });
    const res = await get('/categories');
    expect(res.status).toBe(200);
    const after = ((await res.json()) as { data: { slug: string; name: string; count: number }[] }).data;
    expect(after).toHaveLength(12);
    const edu = (d: { slug: string; count: number }[]) => d.find((c) => c.slug === 'education')!.count;
    expect(edu(after) - edu(before)).toBe(2);
    expect(after.find((c) => c.slug === 'education')!.name).toBe('Education');
  });
});

describe('popularity (usage-verified)', () => {
  it('counts distinct OTHER organizations that installed it and their conversations; the creator’s own install never counts', async () => {
    const creator = await signup('Popular Creator');
    const a = await signup('Installer A');
    const b = await signup('Installer B');
    const l = await seedListing(creator, { title: 'Popularity Probe', installs: 999, conversations: 999 });
    const tag = l.id.slice(-8);
    await install(creator.tenant.id, l.id, `agt_own_${tag}`, 5);
    await install(a.tenant.id, l.id, `agt_a1_${tag}`, 3);
    await install(a.tenant.id, l.id, `agt_a2_${tag}`, 1);
    await install(b.tenant.id, l.id, `agt_b1_${tag}`, 0);
    await refreshListingStats(env, l.id);
    const d = (await (await get(`/listings/${l.slug}`)).json()) as Detail;
    expect(d.installs).toBe(2);
    expect(d.conversations).toBe(4);
    const row = await env.DB.prepare(`select popularity from listings where id = ?1`).bind(l.id).first<{ popularity: number }>();
    expect(row!.popularity).toBeCloseTo(2 + 2 * Math.log(5), 6);
  });

  it('the hourly job recomputes every published listing', async () => {
    const creator = await signup('Cron Creator');
    const other = await signup('Cron Installer');
    const l = await seedListing(creator, { title: 'Cron Probe' });
    await install(other.tenant.id, l.id, `agt_cron_${l.id.slice(-8)}`, 2);
    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController({ cron: '17 * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    const d = (await (await get(`/listings/${l.slug}`)).json()) as Detail;
    expect([d.installs, d.conversations]).toEqual([1, 2]);
  });
});
