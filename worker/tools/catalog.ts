// Built-in tools: ids an agent may list in tool_ids without a tools row. Each has a runner in tools/builtins/.
export type BuiltinTool = {
  id: string;
  name: string;
  description: string;
  kind: 'builtin' | 'code';
  parameters: Record<string, unknown>;
  /** Code tools need the container runtime. */
  runtime?: 'container';
};

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
];

export const builtinTool = (id: string) => BUILTIN_TOOLS.find((t) => t.id === id);
