// One model of API-key scopes for the API and the Developers page: each scope's wording, and presets ("Full access",
// "Read only", "Chat only") that map to explicit scopes. A key stores scopes only; its preset is derived back.
import { ALL_SCOPES, SCOPES, type Scope } from './permissions';

export const SCOPE_LABELS: Record<Scope, string> = {
  'agents:read': 'See agents',
  'agents:write': 'Create and change agents',
  'sessions:read': 'Read conversations',
  'sessions:write': 'Chat: start conversations and send messages',
  'connections:read': 'See connections (never their secrets)',
  'connections:write': 'Add and change connections',
  'tools:read': 'See tools',
  'tools:write': 'Create and change tools',
  'api_keys:read': 'See API keys',
  'api_keys:write': 'Create and revoke API keys',
  'members:read': 'See members of the organization',
  'members:write': 'Invite, change and remove members',
  'audit:read': 'Read the audit log',
  'workflows:read': 'See workflows',
  'workflows:write': 'Create and change workflows and their triggers',
  'runs:read': 'See workflow runs',
  'runs:write': 'Start, cancel and retry runs; decide approvals',
  'analytics:read': 'See analytics, cost and budgets',
  'analytics:write': 'Set model prices and budgets',
  'listings:write': 'Publish, change and unpublish marketplace listings',
  'reviews:write': 'Review marketplace agents the organization installed',
  'knowledge:read': 'See and search knowledge bases and their documents',
  'knowledge:write': 'Create knowledge bases; add and delete documents',
};

export const SCOPE_PRESETS = {
  full: { label: 'Full access', hint: 'Everything your role allows, including scopes added later.', scopes: [ALL_SCOPES] },
  read: {
    label: 'Read only',
    hint: 'Read agents, conversations, connections, tools, keys, workflows, runs, analytics and knowledge; change nothing.',
    scopes: SCOPES.filter((s) => s.endsWith(':read')),
  },
  chat: { label: 'Chat only', hint: 'Talk to agents (API, /v1/chat/completions, MCP); nothing else.', scopes: ['agents:read', 'sessions:write'] },
} as const satisfies Record<string, { label: string; hint: string; scopes: readonly string[] }>;

export type ScopePreset = keyof typeof SCOPE_PRESETS;
export const PRESET_NAMES = Object.keys(SCOPE_PRESETS) as ScopePreset[];

/** The preset whose scopes are exactly these, or null (custom). */
export function presetOf(scopes: readonly string[]): ScopePreset | null {
  const have = [...new Set(scopes)].sort().join(' ');
  return PRESET_NAMES.find((p) => [...SCOPE_PRESETS[p].scopes].sort().join(' ') === have) ?? null;
}

/** How a key's access reads everywhere: the preset's label, or "Custom: …" with the scopes. */
export function accessLabel(scopes: readonly string[]): string {
  const preset = presetOf(scopes);
  return preset ? SCOPE_PRESETS[preset].label : `Custom: ${scopes.join(', ')}`;
}
