// Worker entry: the HTTP app, the queue consumers, and the Durable Object / Container classes wrangler binds.
import { app } from './app';
import type { Bindings } from './env';
import { handleQueue } from './queues/consumer';

export { AgentSession } from '../durable-objects/agent-session';
export { ToolRunner } from '../containers/tool-runner/container';

export default {
  fetch: app.fetch,
  queue: (batch, env, ctx) => handleQueue(batch, env, ctx),
} satisfies ExportedHandler<Bindings>;
