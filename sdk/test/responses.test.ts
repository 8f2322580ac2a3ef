// @edgent/sdk's Responses API against the real Worker (fetch is SELF.fetch): create with output_text, stream the typed
// events, continue with previous_response_id, retrieve, list input items, delete, and OpenAI-shaped errors as EdgentError.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, apiKey, signup } from '../../test/workers/helpers';
import { Edgent, EdgentError, type FetchLike, type ResponseStreamEvent } from '../src';

const selfFetch: FetchLike = (url, init) => SELF.fetch(url, init);

async function setup() {
  const edgent = new Edgent({ apiKey: await apiKey(await signup()), baseUrl: BASE, fetch: selfFetch, retryDelayMs: 10 });
  const agent = await edgent.agents.create({ name: 'Responder', model: 'edgent-test', instructions: 'Be brief.' });
  return { edgent, agent };
}

describe('@edgent/sdk responses', () => {
  it('creates, continues, retrieves, lists input items and deletes a stored response', async () => {
    const { edgent, agent } = await setup();
    const r = await edgent.responses.create({ model: agent.slug, input: '[[reply:Hi Ada]]' });
    expect(r).toMatchObject({ object: 'response', status: 'completed', output_text: 'Hi Ada' });
    const next = await edgent.responses.create({ model: agent.slug, previous_response_id: r.id, input: '[[echo:messages]]' });
    expect(JSON.parse(next.output_text).count).toBe(4);
    expect((await edgent.responses.retrieve(next.id)).output_text).toBe(next.output_text);
    const items = await edgent.responses.inputItems(next.id);
    expect(items.data).toMatchObject([{ type: 'message', role: 'user', content: [{ type: 'input_text', text: '[[echo:messages]]' }] }]);
    await edgent.responses.delete(next.id);
    const gone = await edgent.responses.retrieve(next.id).catch((e) => e);
    expect(gone).toBeInstanceOf(EdgentError);
    expect(gone.status).toBe(404);
  });

  it('streams the typed events with the text as it comes', async () => {
    const { edgent, agent } = await setup();
    const events: ResponseStreamEvent[] = [];
    for await (const e of edgent.responses.stream({ model: agent.slug, input: '[[reply:one two three]]' })) events.push(e);
    expect(events[0]!.type).toBe('response.created');
    expect(events.at(-1)!.type).toBe('response.completed');
    expect(
      events
        .filter((e) => e.type === 'response.output_text.delta')
        .map((e) => e.delta)
        .join(''),
    ).toBe('one two three');
    expect(events.at(-1)!.response!.usage!.output_tokens).toBeGreaterThan(0);
  });

  it('throws EdgentError naming the param for bad input, and the HTTP status of an upstream failure', async () => {
    const { edgent, agent } = await setup();
    const bad = await edgent.responses.create({ model: agent.slug, input: [{ type: 'reasoning' }] as never }).catch((e) => e);
    expect(bad).toBeInstanceOf(EdgentError);
    expect([bad.status, bad.details[0]?.path]).toEqual([400, 'input.0.type']);
    const failed = await (async () => {
      for await (const _ of edgent.responses.stream({ model: agent.slug, input: '[[error:400]]' }));
    })().catch((e) => e);
    expect([failed.status, failed.code]).toEqual([502, 'upstream_error']);
  });
});
