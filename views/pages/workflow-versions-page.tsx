// GET /app/workflows/:id/versions[?v=N]: every saved version, newest first; the chosen one's changes against the one
// before it (steps added, removed, changed, and the definition's JSON line by line); Restore saves it as a new version.
import type { WorkflowDiffView as WorkflowDiff } from '../../worker/routes/pages/support/workflow-version-diff';
import { WorkflowHeader, type WorkflowHead } from '../components/workflows/workflow-header';
import { Csrf } from '../components/ui/form-field';
import { Icon } from '../components/ui/icon';
import { When } from '../components/ui/when';
import { Alert } from '../components/ui/alert';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export type WorkflowVersionItem = { version: number; createdAt: number; author: string; restoredFrom: number | null; summary: string };

const CONTEXT = 3;

function DiffLines(props: { diff: WorkflowDiff }) {
  const lines = props.diff.lines;
  const keep = lines.map((l, i) => l.op !== 'same' || lines.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some((x) => x.op !== 'same'));
  const out: ({ op: 'same' | 'add' | 'del'; text: string } | { op: 'fold'; n: number })[] = [];
  lines.forEach((l, i) => {
    if (keep[i]) return out.push(l);
    const last = out[out.length - 1];
    if (last?.op === 'fold') last.n++;
    else out.push({ op: 'fold', n: 1 });
  });
  return (
    <pre class="diff-lines" aria-label="Definition diff">
      {out.map((l) =>
        l.op === 'fold' ? (
          <span class="diff-line diff-fold">
            ⋯ {l.n} unchanged line{l.n === 1 ? '' : 's'}
          </span>
        ) : l.op === 'add' ? (
          <ins class="diff-line diff-add">
            <span class="sr-only">Added: </span>+ {l.text}
          </ins>
        ) : l.op === 'del' ? (
          <del class="diff-line diff-del">
            <span class="sr-only">Removed: </span>− {l.text}
          </del>
        ) : (
          <span class="diff-line">
            {'  '}
            {l.text}
          </span>
        ),
      )}
    </pre>
  );
}

export function WorkflowVersionsPage(props: {
  base: LayoutBase;
  workflow: WorkflowHead;
  versions: WorkflowVersionItem[];
  selected: number;
  diff: WorkflowDiff | null;
  nextCursor: string | null;
  restored?: number | null;
}) {
  const w = props.workflow;
  const url = `/app/workflows/${encodeURIComponent(w.id)}/versions`;
  const diff = props.diff;
  return (
    <AppLayout title={`${w.name} · Versions`} {...props.base} active="workflows" wide>
      <WorkflowHeader workflow={w} active="versions" />
      {props.restored && <Alert tone="success">{`Restored version ${props.restored} as version ${w.version}. New runs use it.`}</Alert>}
      <div class="versions">
        <nav class="card version-list" aria-label="Versions">
          <ol role="list">
            {props.versions.map((v) => (
              <li>
                <a class="version-link" href={`${url}?v=${v.version}`} aria-current={v.version === props.selected ? 'page' : undefined}>
                  <span class="version-title">
                    Version {v.version}
                    {v.version === w.version && <span class="badge badge-accent">Current</span>}
                  </span>
                  <span class="version-meta">
                    <When ms={v.createdAt} /> · {v.author}
                  </span>
                  <span class="version-summary">{v.restoredFrom ? `Restored from version ${v.restoredFrom}` : v.summary}</span>
                </a>
              </li>
            ))}
          </ol>
          {props.nextCursor && (
            <a class="btn btn-ghost btn-sm" href={`${url}?cursor=${encodeURIComponent(props.nextCursor)}`}>
              Older versions
            </a>
          )}
        </nav>
        <section class="card version-detail" aria-labelledby="version-title">
          <div class="version-detail-head">
            <h2 class="section-title" id="version-title">
              {props.selected > 1 ? `Version ${props.selected} compared with version ${props.selected - 1}` : 'Version 1'}
            </h2>
            {props.selected !== w.version && props.base.can['workflows:write'] && (
              <form method="post" action={`${url}/${props.selected}/restore`}>
                <Csrf token={props.base.csrfToken} />
                <button type="submit" class="btn btn-primary">
                  <Icon name="history" />
                  Restore version {props.selected}
                </button>
              </form>
            )}
          </div>
          {!diff ? (
            <p class="muted">The first version: nothing to compare with.</p>
          ) : !diff.fields.length && !diff.changedLines ? (
            <p class="muted">Same definition as the version before (a restore, or only steps moved on the canvas).</p>
          ) : (
            <div class="diff">
              {diff.fields.length > 0 && (
                <div class="table-wrap">
                  <table class="table diff-fields">
                    <thead>
                      <tr>
                        <th scope="col">Change</th>
                        <th scope="col">Before</th>
                        <th scope="col">After</th>
                      </tr>
                    </thead>
                    <tbody>
                      {diff.fields.map((f) => (
                        <tr>
                          <th scope="row">{f.label}</th>
                          <td>
                            <del class="diff-del">{f.before}</del>
                          </td>
                          <td>
                            <ins class="diff-add">{f.after}</ins>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {diff.changedLines > 0 && (
                <>
                  <p class="diff-title">
                    Definition · {diff.changedLines} line{diff.changedLines === 1 ? '' : 's'} changed
                  </p>
                  <DiffLines diff={diff} />
                </>
              )}
            </div>
          )}
        </section>
      </div>
    </AppLayout>
  );
}
