// AgentSession: one Durable Object per conversation, named `${tenantId}:${sessionId}` by the server.
// The agent runtime (history, the LLM/tool loop, traces) lands here with the agent-runtime issue.
import { DurableObject } from 'cloudflare:workers';
import type { Bindings } from '../worker/env';

export class AgentSession extends DurableObject<Bindings> {}
