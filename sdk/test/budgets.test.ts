// @edgent/sdk budgets against the real Worker (the SDK's fetch is SELF.fetch): create, list, get, update, delete, and
// a spent blocking budget surfacing as an EdgentError with status 402 and code budget_exceeded.
import { SELF, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, apiKey, createAgent, signup } from '../../test/workers/helpers';
import { recordSpend } from '../../worker/services/budget-check';
import { Edgent, EdgentError, type FetchLike } from '../src';

const selfFetch: FetchLike = (url, init) => SELF.fetch(url, init);

describe('@edgent/sdk budgets', () => {
  it('manages budgets; a spent one refuses turns with budget_exceeded', async () => {
    const a = await signup('SDK Budgets');
    const agent = await createAgent(a, { model: 'edgent-test' });
    const edgent = new Edgent({ apiKey: await apiKey(a), baseUrl: BASE, fetch: selfFetch, retryDelayMs: 10 });
    const b = await edgent.budgets.create({ scope: 'agent', agent_id: agent.id, limit_usd: 2, action: 'block' });
    expect(b).toMatchObject({ scope: 'agent', agent_id: agent.id, limit_usd: 2, spent_usd: 0, reached_pct: 0 });
    expect((await edgent.budgets.list()).data.map((x) => x.id)).toEqual([b.id]);
    expect(await edgent.budgets.update(b.id, { limit_usd: 1 })).toMatchObject({ limit_usd: 1 });
    await recordSpend(env, a.tenant.id, agent.id, 1);
    expect(await edgent.budgets.get(b.id)).toMatchObject({ spent_usd: 1, reached_pct: 100 });
    const session = await edgent.sessions.create(agent.id);
    const err = await edgent.messages.send(session.id, 'hi').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EdgentError);
    expect(err).toMatchObject({ status: 402, code: 'budget_exceeded' });
    await edgent.budgets.delete(b.id);
    expect((await edgent.budgets.list()).data).toEqual([]);
  });
});
