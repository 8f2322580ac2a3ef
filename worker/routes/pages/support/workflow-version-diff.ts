// The versions page's view of a change between two workflow versions: the service's structured diff as rows (steps
// added, removed, changed with their fields; inputs; output), a one-line summary for the list, and a line diff of
// the definitions as formatted JSON (positions left out: moving a node is not a change to read).
import type { WorkflowVersionRow } from '../../../db/tenant-db';
import type { WorkflowDefinition } from '../../../schemas/workflows';
import { diffLines, type DiffLine, type FieldChange } from '../../../services/agent-diff';
import { diffWorkflowVersions } from '../../../services/workflow-diff';

export type WorkflowDiffView = { fields: FieldChange[]; lines: DiffLine[]; changedLines: number; summary: string };

const withoutPositions = (d: WorkflowDefinition) => ({ ...d, steps: d.steps.map(({ position: _p, ...s }) => s) });
const list = (ids: string[]) => (ids.length ? ids.join(', ') : '—');

export function workflowDiffView(before: WorkflowVersionRow, after: WorkflowVersionRow): WorkflowDiffView {
  const d = diffWorkflowVersions(before, after);
  const fields: FieldChange[] = d.fields.map((f) => ({
    field: f.field,
    label: f.field === 'name' ? 'Name' : 'Description',
    before: f.before || '—',
    after: f.after || '—',
  }));
  const row = (field: string, label: string, b: string, a: string) => fields.push({ field, label, before: b, after: a });
  if (d.steps.added.length) row('steps_added', 'Steps added', '—', list(d.steps.added));
  if (d.steps.removed.length) row('steps_removed', 'Steps removed', list(d.steps.removed), '—');
  for (const c of d.steps.changed) row(`step_${c.id}`, `Step ${c.id}`, `changed: ${c.fields.join(', ')}`, `changed: ${c.fields.join(', ')}`);
  if (d.inputs.added.length || d.inputs.removed.length || d.inputs.changed.length)
    row('inputs', 'Inputs', list([...d.inputs.removed, ...d.inputs.changed]), list([...d.inputs.added, ...d.inputs.changed]));
  if (d.output_changed) row('output', 'Output', 'changed', 'changed');
  const lines = diffLines(JSON.stringify(withoutPositions(before.definition), null, 2), JSON.stringify(withoutPositions(after.definition), null, 2));
  const parts = [
    ...(d.steps.added.length ? [`added ${list(d.steps.added)}`] : []),
    ...(d.steps.removed.length ? [`removed ${list(d.steps.removed)}`] : []),
    ...(d.steps.changed.length ? [`changed ${list(d.steps.changed.map((c) => c.id))}`] : []),
    ...d.fields.map((f) => `changed the ${f.field}`),
    ...(d.steps.moved.length && !d.steps.changed.length && !d.steps.added.length && !d.steps.removed.length ? ['moved steps'] : []),
  ];
  const summary = parts.length ? parts.join('; ').replace(/^./, (c) => c.toUpperCase()) : 'No changes';
  return { fields, lines, changedLines: lines.filter((l) => l.op !== 'same').length, summary };
}
