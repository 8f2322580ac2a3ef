// What changed between two agent versions: each changed field, and a line diff (LCS) of the instructions.
import type { AgentConfig } from '../db/tenant-db';
import { attachmentsOf } from '../knowledge/chat-file-settings';

export type DiffLine = { op: 'same' | 'add' | 'del'; text: string };
export type FieldChange = { field: string; label: string; before: string; after: string };
export type VersionDiff = { fields: FieldChange[]; instructions: DiffLine[]; changedLines: number };

const LABELS: [keyof AgentConfig, string][] = [
  ['name', 'Name'],
  ['description', 'Description'],
  ['model', 'Model'],
  ['connectionId', 'Connection'],
  ['temperature', 'Temperature'],
  ['maxSteps', 'Max steps'],
  ['runtime', 'Runtime'],
  ['toolIds', 'Tools'],
  ['callableAgentIds', 'Callable agents'],
  ['knowledgeBaseIds', 'Knowledge bases'],
  ['knowledgeRetrieval', 'Knowledge retrieval'],
  ['variables', 'Variables'],
  ['attachments', 'Files in chat'],
];

/** Longer instructions are compared as a whole above this many lines (the LCS table is lines × lines). */
const MAX_LINES = 2000;

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.join(', ') : '—';
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, string>);
    return entries.length ? entries.map(([k, x]) => `${k} = ${x}`).join(', ') : '—';
  }
  return String(v);
}

/** A line diff of `a` → `b`, in order: unchanged lines, deletions before the additions that replace them. */
export function diffLines(a: string, b: string): DiffLine[] {
  const x = a.split('\n');
  const y = b.split('\n');
  if (x.length * y.length > MAX_LINES * MAX_LINES) {
    return a === b
      ? x.map((text) => ({ op: 'same', text }))
      : [...x.map((text) => ({ op: 'del' as const, text })), ...y.map((text) => ({ op: 'add' as const, text }))];
  }
  // lcs[i][j]: the longest common subsequence of x[i..] and y[j..].
  const lcs = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      out.push({ op: 'same', text: x[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: 'del', text: x[i++]! });
    else out.push({ op: 'add', text: y[j++]! });
  }
  while (i < x.length) out.push({ op: 'del', text: x[i++]! });
  while (j < y.length) out.push({ op: 'add', text: y[j++]! });
  return out;
}

/** The `attachments` setting in words: "Off", or "On: PDF, MD · up to 2.5 MB". */
function filesText(setting: AgentConfig['attachments']): string {
  const s = attachmentsOf(setting);
  return s.enabled ? `On: ${s.types.join(', ').toUpperCase()} · up to ${+(s.max_bytes / (1024 * 1024)).toFixed(1)} MB` : 'Off';
}

/** `names` turns ids (connections, tools) into names people recognise. */
export function diffVersions(before: AgentConfig, after: AgentConfig, names: (id: string) => string = (id) => id): VersionDiff {
  const fields: FieldChange[] = [];
  for (const [field, label] of LABELS) {
    let b: unknown = before[field];
    let a: unknown = after[field];
    if (field === 'connectionId') [b, a] = [b ? names(b as string) : 'Platform default', a ? names(a as string) : 'Platform default'];
    if (field === 'toolIds' || field === 'callableAgentIds' || field === 'knowledgeBaseIds') [b, a] = [(b as string[]).map(names), (a as string[]).map(names)];
    if (field === 'attachments') [b, a] = [filesText(before.attachments), filesText(after.attachments)];
    if (show(b) !== show(a)) fields.push({ field, label, before: show(b), after: show(a) });
  }
  const instructions = diffLines(before.instructions, after.instructions);
  return { fields, instructions, changedLines: instructions.filter((l) => l.op !== 'same').length };
}
