// Built-in tools: ids an agent may list in tool_ids without a tools row. Each has a runner in tools/builtins/.
import { CODE_TOOLS } from './code-tools';
import type { BuiltinTool } from './types';

export const BUILTIN_TOOLS: BuiltinTool[] = [
  {
    id: 'tol_current_time',
    name: 'current_time',
    description: 'Get the current date and time, optionally in a given IANA time zone (e.g. "Europe/Paris").',
    kind: 'builtin',
    parameters: {
      type: 'object',
      properties: { timezone: { type: 'string', description: 'IANA time zone name; UTC when omitted' } },
      additionalProperties: false,
    },
  },
  {
    id: 'tol_fetch_url',
    name: 'fetch_url',
    description:
      'Fetch a public web page or document by URL (GET) and return its readable text: HTML is stripped of scripts and styles, links are kept as "text (url)", JSON is formatted. Private and internal addresses are refused.',
    kind: 'builtin',
    parameters: {
      type: 'object',
      properties: {
        url: { type: 'string', description: 'Absolute http or https URL, e.g. "https://example.com/pricing"' },
        max_chars: { type: 'integer', minimum: 100, maximum: 16000, description: 'How much text to return at most (default 8000)' },
      },
      required: ['url'],
      additionalProperties: false,
    },
  },
  {
    id: 'tol_calculator',
    name: 'calculator',
    description:
      'Evaluate an arithmetic expression exactly instead of guessing: numbers, + - * / % ^ (power), parentheses, functions sqrt, abs, round(x, digits), floor, ceil, min, max, log (base 10), ln, exp, sin, cos, tan (radians) and the constants pi and e.',
    kind: 'builtin',
    parameters: {
      type: 'object',
      properties: { expression: { type: 'string', description: 'e.g. "round(1250 * 1.21 ^ 3, 2)" or "sqrt(2) * pi"' } },
      required: ['expression'],
      additionalProperties: false,
    },
  },
  {
    id: 'tol_call_agent',
    name: 'call_agent',
    description:
      'Ask another agent of this organization a question and get its answer, e.g. a specialist for billing or research. Each call starts a fresh conversation with that agent. Calls can nest at most 3 deep.',
    kind: 'builtin',
    parameters: {
      type: 'object',
      properties: {
        agent: { type: 'string', description: 'The id (agt_…) or slug of the agent to ask' },
        message: { type: 'string', description: 'The complete question or task, with all the context the agent needs' },
      },
      required: ['agent', 'message'],
      additionalProperties: false,
    },
  },
  ...CODE_TOOLS,
];

export const builtinTool = (id: string) => BUILTIN_TOOLS.find((t) => t.id === id);

/** An MCP connection attached whole in an agent's tool_ids: its discovered tools are all offered to the model. */
export const isMcpConnectionRef = (id: string) => id.startsWith('con_');
