// @edgent/sdk feedback and conversation search against the real Worker (the SDK's fetch is SELF.fetch): rate an
// answer, see it in the message list, clear it; search conversations by words and by feedback.
import { SELF } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { BASE, apiKey, createAgent, signup } from '../../test/workers/helpers';
import { Edgent, EdgentError, type FetchLike } from '../src';

const selfFetch: FetchLike = (url, init) => SELF.fetch(url, init);

describe('@edgent/sdk feedback', () => {
  it('rates and clears an answer, and finds the conversation by its words and its rating', async () => {
    const a = await signup('SDK Feedback');
    const edgent = new Edgent({ apiKey: await apiKey(a), baseUrl: BASE, fetch: selfFetch, retryDelayMs: 10 });
    const agent = await createAgent(a, { name: 'SDK rated', instructions: 'x' });
    const session = await edgent.sessions.create(agent.id);
    const reply = await edgent.messages.send(session.id, 'about kumquats [[reply:Kumquats are small.]]');
    await edgent.sessions.feedback(session.id, reply.message!.id, { rating: 'down', comment: 'Too short' });
    const answer = (await edgent.messages.list(session.id)).find((m) => m.role === 'assistant')!;
    expect(answer.feedback).toEqual({ rating: 'down', comment: 'Too short' });
    expect((await edgent.sessions.list({ feedback: 'down' })).data.map((s) => s.id)).toEqual([session.id]);
    await vi.waitFor(async () => expect((await edgent.sessions.list({ q: 'kumqu' })).data[0]?.match?.snippet).toContain('<mark>'), {
      timeout: 15_000,
      interval: 100,
    });
    await edgent.sessions.clearFeedback(session.id, reply.message!.id);
    expect((await edgent.messages.list(session.id)).find((m) => m.role === 'assistant')!.feedback).toBeNull();
    const userMessage = (await edgent.messages.list(session.id))[0]!;
    const err = await edgent.sessions.feedback(session.id, userMessage.id, { rating: 'up' }).catch((e) => e);
    expect(err).toBeInstanceOf(EdgentError);
    expect(err.status).toBe(400);
  });
});
