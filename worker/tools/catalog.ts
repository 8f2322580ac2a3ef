// Built-in tools: ids an agent may list in tool_ids without a tools row. Grows as tool kinds land.
export type BuiltinTool = {
  id: string;
  name: string;
  description: string;
  kind: 'builtin' | 'code';
  parameters: Record<string, unknown>;
  /** Code tools need the container runtime. */
  runtime?: 'container';
};

export const BUILTIN_TOOLS: BuiltinTool[] = [];

export const builtinTool = (id: string) => BUILTIN_TOOLS.find((t) => t.id === id);
