// What changed between two workflow versions: name and description, the steps added, removed and changed (by id),
// and a line diff of the definitions as formatted JSON (positions left out: moving a node is not a change to read).
import type { WorkflowVersionRow } from '../db/tenant-db';
import type { WorkflowDefinition } from '../schemas/workflows';
import { diffLines, type DiffLine, type FieldChange } from './agent-diff';

export type WorkflowDiff = { fields: FieldChange[]; lines: DiffLine[]; changedLines: number; summary: string };

const withoutPositions = (d: WorkflowDefinition) => ({ ...d, steps: d.steps.map(({ position: _p, ...s }) => s) });
const show = (v: string | null) => (v ? v : '—');
const list = (ids: string[]) => (ids.length ? ids.join(', ') : '—');

export function diffWorkflowVersions(before: WorkflowVersionRow, after: WorkflowVersionRow): WorkflowDiff {
  const fields: FieldChange[] = [];
  if (before.name !== after.name) fields.push({ field: 'name', label: 'Name', before: before.name, after: after.name });
  if (before.description !== after.description)
    fields.push({ field: 'description', label: 'Description', before: show(before.description), after: show(after.description) });
  const a = withoutPositions(before.definition);
  const b = withoutPositions(after.definition);
  const old = new Map(a.steps.map((s) => [s.id, JSON.stringify(s)]));
  const now = new Map(b.steps.map((s) => [s.id, JSON.stringify(s)]));
  const added = [...now.keys()].filter((id) => !old.has(id));
  const removed = [...old.keys()].filter((id) => !now.has(id));
  const changed = [...now.keys()].filter((id) => old.has(id) && old.get(id) !== now.get(id));
  if (added.length) fields.push({ field: 'steps_added', label: 'Steps added', before: '—', after: list(added) });
  if (removed.length) fields.push({ field: 'steps_removed', label: 'Steps removed', before: list(removed), after: '—' });
  if (changed.length) fields.push({ field: 'steps_changed', label: 'Steps changed', before: list(changed), after: list(changed) });
  const lines = diffLines(JSON.stringify(a, null, 2), JSON.stringify(b, null, 2));
  const changedLines = lines.filter((l) => l.op !== 'same').length;
  const parts = [
    ...(added.length ? [`added ${list(added)}`] : []),
    ...(removed.length ? [`removed ${list(removed)}`] : []),
    ...(changed.length ? [`changed ${list(changed)}`] : []),
    ...fields.filter((f) => f.field === 'name' || f.field === 'description').map((f) => `changed the ${f.label.toLowerCase()}`),
  ];
  const summary = parts.length ? parts.join('; ').replace(/^./, (c) => c.toUpperCase()) : changedLines ? 'Changed the inputs or output' : 'No changes';
  return { fields, lines, changedLines, summary };
}
