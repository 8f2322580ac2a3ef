// Connections (model providers, HTTP APIs, MCP servers; secrets are write-only) and tools.
import type { Transport } from '../client.js';
import { paginate } from '../pages.js';
import type {
  Connection,
  ConnectionInput,
  ConnectionPatch,
  ConnectionTest,
  McpDiscovery,
  OpenApiImport,
  Page,
  PageParams,
  Tool,
  ToolImport,
  ToolInput,
  ToolKind,
  ToolPatch,
} from '../types.js';

const id = (v: string) => encodeURIComponent(v);

export class Connections {
  constructor(private readonly t: Transport) {}

  create(input: ConnectionInput): Promise<Connection> {
    return this.t.json('POST', '/api/v1/connections', { body: input });
  }
  list(params: PageParams = {}): Promise<Page<Connection>> {
    return this.t.json('GET', '/api/v1/connections', { query: params });
  }
  iterate(params: PageParams = {}): AsyncGenerator<Connection> {
    return paginate((p) => this.list({ ...params, ...p }), params);
  }
  get(connectionId: string): Promise<Connection> {
    return this.t.json('GET', `/api/v1/connections/${id(connectionId)}`);
  }
  update(connectionId: string, patch: ConnectionPatch): Promise<Connection> {
    return this.t.json('PATCH', `/api/v1/connections/${id(connectionId)}`, { body: patch });
  }
  /** `force` also detaches it from the agents and tools that use it. */
  delete(connectionId: string, opts: { force?: boolean } = {}): Promise<void> {
    return this.t.json('DELETE', `/api/v1/connections/${id(connectionId)}`, { query: { force: opts.force } });
  }
  /** A real request with the stored credential. */
  test(connectionId: string): Promise<ConnectionTest> {
    return this.t.json('POST', `/api/v1/connections/${id(connectionId)}/test`);
  }
  /** MCP connections: creates or refreshes one tool per server tool. */
  discoverTools(connectionId: string): Promise<McpDiscovery> {
    return this.t.json('POST', `/api/v1/connections/${id(connectionId)}/tools`);
  }
}

export class Tools {
  constructor(private readonly t: Transport) {}

  create(input: ToolInput): Promise<Tool> {
    return this.t.json('POST', '/api/v1/tools', { body: input });
  }
  /** The built-in tools (first page) and the organization's own. */
  list(params: PageParams & { kind?: ToolKind; builtin?: boolean } = {}): Promise<Page<Tool>> {
    return this.t.json('GET', '/api/v1/tools', { query: params });
  }
  iterate(params: PageParams & { kind?: ToolKind; builtin?: boolean } = {}): AsyncGenerator<Tool> {
    return paginate((p) => this.list({ ...params, ...p }), params);
  }
  get(toolId: string): Promise<Tool> {
    return this.t.json('GET', `/api/v1/tools/${id(toolId)}`);
  }
  update(toolId: string, patch: ToolPatch): Promise<Tool> {
    return this.t.json('PATCH', `/api/v1/tools/${id(toolId)}`, { body: patch });
  }
  delete(toolId: string, opts: { force?: boolean } = {}): Promise<void> {
    return this.t.json('DELETE', `/api/v1/tools/${id(toolId)}`, { query: { force: opts.force } });
  }
  /** One http tool per operation of an OpenAPI 3.x spec. */
  importOpenApi(input: OpenApiImport): Promise<ToolImport> {
    return this.t.json('POST', '/api/v1/tools/import/openapi', { body: input });
  }
}
