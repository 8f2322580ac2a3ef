// Instruction templates: `{{name}}` placeholders filled from session variables over the agent's defaults.
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Filled by the runtime itself, so an agent may use them without declaring them. */
export const BUILTIN_VARIABLES = ['current_date', 'agent_name'] as const;

export function templateVariables(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** Placeholders that neither the agent's variables nor the built-ins define. */
export function unknownVariables(template: string, declared: Record<string, string>): string[] {
  return templateVariables(template).filter((v) => !(v in declared) && !(BUILTIN_VARIABLES as readonly string[]).includes(v));
}

export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}
