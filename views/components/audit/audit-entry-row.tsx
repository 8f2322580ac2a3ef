// One audit log entry as a table row: when, who, what, on which resource, from where, and (expandable) the
// configuration fields before and after. Every value is rendered as text (escaped by JSX).
import type { AuditEntryJson } from '../../../worker/schemas/audit';
import { When } from '../ui/when';

/** A field's value as short text: strings as they are, the rest as JSON; missing as an em dash. */
function show(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

function Changes(props: { changes: NonNullable<AuditEntryJson['changes']> }) {
  return (
    <div class="table-wrap">
      <table class="table diff-fields audit-changes">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(props.changes).map(([field, c]) => (
            <tr>
              <th scope="row">
                <code>{field}</code>
              </th>
              {c.changed ? (
                <td colspan={2} class="muted">
                  Changed (never shown)
                </td>
              ) : (
                <>
                  <td>
                    <span class="audit-label">Before </span>
                    {c.before === undefined ? <span class="muted">—</span> : <del class="diff-del">{show(c.before)}</del>}
                  </td>
                  <td>
                    <span class="audit-label">After </span>
                    {c.after === undefined ? <span class="muted">—</span> : <ins class="diff-add">{show(c.after)}</ins>}
                  </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AuditEntryRow(props: { e: AuditEntryJson }) {
  const { e } = props;
  const who = e.actor.name ?? e.actor.id ?? 'System';
  return (
    <tr id={`entry-${e.id}`}>
      <td class="nowrap">
        <When ms={Date.parse(e.created_at)} />
      </td>
      <td class="audit-who">
        {e.actor.type === 'api_key' && <span class="badge">API key</span>} <span title={e.actor.id ?? undefined}>{who}</span>
        {e.actor.name === null && e.actor.id && <span class="muted"> (deleted)</span>}
      </td>
      <td class="audit-what">
        <code class="badge">{e.action}</code>
        {e.resource.type && (
          <p class="muted audit-resource">
            {e.resource.type} <code>{e.resource.id ?? ''}</code>
          </p>
        )}
        {e.changes && (
          <details class="disclosure audit-details">
            <summary>
              {Object.keys(e.changes).length} field{Object.keys(e.changes).length === 1 ? '' : 's'}: before and after
            </summary>
            <Changes changes={e.changes} />
          </details>
        )}
      </td>
      <td class="audit-ip mono">{e.ip ?? ''}</td>
    </tr>
  );
}
