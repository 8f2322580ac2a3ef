// Versions of a thing (an agent, a workflow): the list of saved versions beside the chosen one's changes, with
// Restore; and the changes themselves: the changed fields side by side, then a text as a line diff. Additions and
// deletions are marked with + and − (and for screen readers), not by colour alone.
import type { Child } from 'hono/jsx';
import type { DiffLine, FieldChange } from '../../../worker/services/agent-diff';
import { Csrf } from './form-field';
import { Icon } from './icon';
import { When } from './when';

export type VersionItem = {
  version: number;
  createdAt: number;
  author: string;
  restoredFrom: number | null;
  summary: string;
  /** Thumbs up among rated answers of this version, e.g. "92 % of 38" (agents; null: none rated). */
  satisfaction?: string | null;
};

/** Unchanged runs longer than this are folded, keeping CONTEXT lines around each change. */
const CONTEXT = 3;

function foldSame(lines: DiffLine[]) {
  const keep = lines.map((l, i) => l.op !== 'same' || lines.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some((x) => x.op !== 'same'));
  const out: (DiffLine | { op: 'fold'; n: number })[] = [];
  lines.forEach((l, i) => {
    if (keep[i]) return out.push(l);
    const last = out[out.length - 1];
    if (last?.op === 'fold') last.n++;
    else out.push({ op: 'fold', n: 1 });
  });
  return out;
}

/**
 * One version's changes against the one before. `text` names the line-diffed text ("Instructions", "Definition");
 * `same` is what to say when nothing changed.
 */
export function DiffView(props: { diff: { fields: FieldChange[]; lines: DiffLine[]; changedLines: number } | null; text: string; same: string }) {
  const { diff } = props;
  if (!diff) return <p class="muted">The first version: nothing to compare with.</p>;
  if (!diff.fields.length && !diff.changedLines) return <p class="muted">{props.same}</p>;
  return (
    <div class="diff">
      {diff.fields.length > 0 && (
        <div class="table-wrap">
          <table class="table diff-fields">
            <thead>
              <tr>
                <th scope="col">Field</th>
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
            {props.text} · {diff.changedLines} line{diff.changedLines === 1 ? '' : 's'} changed
          </p>
          <pre class="diff-lines" aria-label={`${props.text} diff`}>
            {foldSame(diff.lines).map((l) =>
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
        </>
      )}
    </div>
  );
}

/**
 * The versions list (newest first, the current one marked) beside the selected version's card: its title, Restore
 * when it is not the current one and the person may restore, and `children` (its changes).
 */
export function VersionBrowser(props: {
  url: string;
  current: number;
  versions: VersionItem[];
  selected: number;
  nextCursor: string | null;
  canRestore: boolean;
  csrfToken: string;
  children: Child;
}) {
  const { url } = props;
  return (
    <div class="versions">
      <nav class="card version-list" aria-label="Versions">
        <ol role="list">
          {props.versions.map((v) => (
            <li>
              <a class="version-link" href={`${url}?v=${v.version}`} aria-current={v.version === props.selected ? 'page' : undefined}>
                <span class="version-title">
                  Version {v.version}
                  {v.version === props.current && <span class="badge badge-accent">Current</span>}
                </span>
                <span class="version-meta">
                  <When ms={v.createdAt} /> · {v.author}
                </span>
                <span class="version-summary">{v.restoredFrom ? `Restored from version ${v.restoredFrom}` : v.summary}</span>
                {v.satisfaction !== undefined && (
                  <span class="version-meta version-satisfaction">Satisfaction: {v.satisfaction ?? <span class="muted">no ratings yet</span>}</span>
                )}
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
          {props.selected !== props.current && props.canRestore && (
            <form method="post" action={`${url}/${props.selected}/restore`}>
              <Csrf token={props.csrfToken} />
              <button type="submit" class="btn btn-primary">
                <Icon name="history" />
                Restore version {props.selected}
              </button>
            </form>
          )}
        </div>
        {props.children}
      </section>
    </div>
  );
}
