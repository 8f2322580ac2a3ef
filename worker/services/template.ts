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

/** Placeholders the template uses whose value is empty: declared without a default and not given (never built-ins). */
export function emptyVariables(template: string, values: Record<string, string>): string[] {
  return templateVariables(template).filter((v) => !(BUILTIN_VARIABLES as readonly string[]).includes(v) && !(values[v] ?? '').trim());
}

/** What to tell a person about empty variables (the chat, the API and the builder say the same). */
export function emptyVariablesMessage(names: string[]): string {
  const list = names.map((v) => `{{${v}}}`).join(', ');
  return `${names.length > 1 ? 'The variables' : 'The variable'} ${list} ${names.length > 1 ? 'have' : 'has'} no value: give ${names.length > 1 ? 'them a default' : 'it a default'} in the agent's builder, or pass ${names.length > 1 ? 'them' : 'it'} in the conversation's variables.`;
}

export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}

/** The template as text and placeholders in order (the builder's preview highlights each placeholder). */
export function templateParts(template: string): ({ text: string } | { name: string })[] {
  const parts: ({ text: string } | { name: string })[] = [];
  let at = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m.index > at) parts.push({ text: template.slice(at, m.index) });
    parts.push({ name: m[1]! });
    at = m.index + m[0].length;
  }
  if (at < template.length) parts.push({ text: template.slice(at) });
  return parts;
}
