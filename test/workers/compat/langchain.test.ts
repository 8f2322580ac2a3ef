// Compatibility: LangChain's `ChatOpenAI` (`@langchain/openai`) against /v1: invoke, stream, bindTools with a
// client-side tool round trip (the caller runs the tool and sends a ToolMessage back), withStructuredOutput; and the
// same over the Responses API (`useResponsesApi: true`).
import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BASE, tenant, workerFetch } from './fixture';

const chat = (key: string, model: string, extra: Record<string, unknown> = {}) =>
  new ChatOpenAI({ model, apiKey: key, maxRetries: 0, configuration: { baseURL: `${BASE}/v1`, fetch: workerFetch }, ...extra });

const getWeather = tool(async ({ city }: { city: string }) => `18°C in ${city}`, {
  name: 'get_weather',
  description: 'Weather for a city',
  schema: z.object({ city: z.string() }),
});

describe('@langchain/openai ChatOpenAI', () => {
  it('invoke answers as the agent, with usage metadata', async () => {
    const t = await tenant();
    const r = await chat(t.key, t.agent.slug).invoke([new HumanMessage('[[echo:system]]')]);
    expect(r.content).toBe('You are Compat Bot.');
    expect(r.usage_metadata!.input_tokens).toBeGreaterThan(0);
    expect(r.usage_metadata!.output_tokens).toBeGreaterThan(0);
  });

  it('invoke keeps the caller’s system message and history', async () => {
    const t = await tenant();
    const r = await chat(t.key, t.agent.id).invoke([
      new SystemMessage('Be terse.'),
      new HumanMessage('hi'),
      new AIMessage('Hello!'),
      new HumanMessage('[[echo:messages]]'),
    ]);
    expect(JSON.parse(r.content as string)).toEqual({ count: 5, roles: ['system', 'system', 'user', 'assistant', 'user'] });
  });

  it('stream yields the answer in chunks', async () => {
    const t = await tenant();
    const parts: string[] = [];
    for await (const chunk of await chat(t.key, t.agent.slug, { streamUsage: true }).stream('[[reply:red green blue]]')) {
      parts.push(chunk.content as string);
    }
    expect(parts.join('')).toBe('red green blue');
    expect(parts.filter(Boolean).length).toBeGreaterThan(1);
  });

  it('bindTools: the model’s tool call comes back, the caller runs it and gets the answer', async () => {
    const t = await tenant();
    const model = chat(t.key, t.agent.slug).bindTools([getWeather]);
    const history = [new HumanMessage('[[tool:get_weather {"city":"Lisbon"}]]')];
    const first = await model.invoke(history);
    expect(first.tool_calls).toEqual([{ name: 'get_weather', args: { city: 'Lisbon' }, id: expect.any(String), type: 'tool_call' }]);
    const result: ToolMessage = await getWeather.invoke(first.tool_calls![0]!);
    const second = await model.invoke([...history, first, result]);
    expect(second.content).toBe('Tool said: 18°C in Lisbon');
    expect(second.tool_calls).toEqual([]);
  });

  it('bindTools while streaming: the tool call chunks add up', async () => {
    const t = await tenant();
    let whole: any;
    for await (const chunk of await chat(t.key, t.agent.slug).bindTools([getWeather]).stream('[[tool:get_weather {"city":"Kyiv"}]]')) {
      whole = whole ? whole.concat(chunk) : chunk;
    }
    expect(whole.tool_calls).toEqual([{ name: 'get_weather', args: { city: 'Kyiv' }, id: expect.any(String), type: 'tool_call' }]);
  });

  it('withStructuredOutput returns the parsed object (json_schema and function calling)', async () => {
    const t = await tenant();
    const Weather = z.object({ city: z.string(), temperature: z.number() });
    const viaSchema = await chat(t.key, t.agent.slug).withStructuredOutput(Weather, { name: 'weather' }).invoke('Weather in Rome?');
    expect(viaSchema).toEqual({ city: 'text', temperature: 1 });
    const scripted = await chat(t.key, t.agent.slug)
      .withStructuredOutput(Weather, { name: 'weather', method: 'jsonSchema' })
      .invoke('[[reply:{"city":"Rome","temperature":24}]]');
    expect(scripted).toEqual({ city: 'Rome', temperature: 24 });
    // functionCalling forces the named tool (tool_choice) and reads its arguments
    const viaTool = await chat(t.key, t.agent.slug)
      .withStructuredOutput(Weather, { name: 'weather', method: 'functionCalling' })
      .invoke('[[tool:weather {"city":"Oslo","temperature":9}]]');
    expect(viaTool).toEqual({ city: 'Oslo', temperature: 9 });
  });

  it('an unknown model raises with the status 404', async () => {
    const t = await tenant();
    const e = await chat(t.key, 'no-such-agent')
      .invoke('hi')
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 404, lc_error_code: 'MODEL_NOT_FOUND' });
  });
});

describe('@langchain/openai ChatOpenAI with useResponsesApi', () => {
  const responses = (key: string, model: string) => chat(key, model, { useResponsesApi: true });

  it('invoke answers as the agent, with usage metadata', async () => {
    const t = await tenant();
    const r = await responses(t.key, t.agent.slug).invoke([new HumanMessage('[[echo:system]]')]);
    expect(r.text).toBe('You are Compat Bot.');
    expect(r.usage_metadata!.output_tokens).toBeGreaterThan(0);
  });

  it('stream yields the answer in chunks', async () => {
    const t = await tenant();
    const parts: string[] = [];
    for await (const chunk of await responses(t.key, t.agent.slug).stream('[[reply:red green blue]]')) parts.push(chunk.text);
    expect(parts.join('')).toBe('red green blue');
    expect(parts.filter(Boolean).length).toBeGreaterThan(1);
  });

  it('bindTools: a function call comes back, its result continues the conversation', async () => {
    const t = await tenant();
    const model = responses(t.key, t.agent.slug).bindTools([getWeather]);
    const history = [new HumanMessage('[[tool:get_weather {"city":"Lisbon"}]]')];
    const first = await model.invoke(history);
    expect(first.tool_calls).toEqual([{ name: 'get_weather', args: { city: 'Lisbon' }, id: expect.any(String), type: 'tool_call' }]);
    const result: ToolMessage = await getWeather.invoke(first.tool_calls![0]!);
    const second = await model.invoke([...history, first, result]);
    expect(second.text).toBe('Tool said: 18°C in Lisbon');
  });

  it('withStructuredOutput returns the parsed object', async () => {
    const t = await tenant();
    const Weather = z.object({ city: z.string(), temperature: z.number() });
    const r = await responses(t.key, t.agent.slug).withStructuredOutput(Weather, { name: 'weather' }).invoke('[[reply:{"city":"Rome","temperature":24}]]');
    expect(r).toEqual({ city: 'Rome', temperature: 24 });
    // unscripted, the test model answers a valid instance of the schema it was sent (text.format reached it)
    expect(await responses(t.key, t.agent.slug).withStructuredOutput(Weather, { name: 'weather' }).invoke('Weather in Rome?')).toEqual({
      city: 'text',
      temperature: 1,
    });
  });
});
