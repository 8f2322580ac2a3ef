// Agents: CRUD (every change is a new version), version history and restore.
import type { Transport } from '../client.js';
import { paginate } from '../pages.js';
import type { Agent, AgentInput, AgentPatch, AgentVersion, Page, PageParams } from '../types.js';

export class Agents {
  constructor(private readonly t: Transport) {}

  create(input: AgentInput): Promise<Agent> {
    return this.t.json('POST', '/api/v1/agents', { body: input });
  }
  list(params: PageParams & { q?: string } = {}): Promise<Page<Agent>> {
    return this.t.json('GET', '/api/v1/agents', { query: params });
  }
  /** Every agent, page after page. */
  iterate(params: PageParams & { q?: string } = {}): AsyncGenerator<Agent> {
    return paginate((p) => this.list({ ...params, ...p }), params);
  }
  get(id: string): Promise<Agent> {
    return this.t.json('GET', `/api/v1/agents/${encodeURIComponent(id)}`);
  }
  update(id: string, patch: AgentPatch): Promise<Agent> {
    return this.t.json('PATCH', `/api/v1/agents/${encodeURIComponent(id)}`, { body: patch });
  }
  delete(id: string): Promise<void> {
    return this.t.json('DELETE', `/api/v1/agents/${encodeURIComponent(id)}`);
  }
  versions(id: string, params: PageParams = {}): Promise<Page<AgentVersion>> {
    return this.t.json('GET', `/api/v1/agents/${encodeURIComponent(id)}/versions`, { query: params });
  }
  /** Writes a new version equal to version `n`. */
  restore(id: string, n: number): Promise<Agent> {
    return this.t.json('POST', `/api/v1/agents/${encodeURIComponent(id)}/versions/${n}/restore`);
  }
}
