// What changed in a version: the changed fields side by side, then the instructions as a line diff. Additions and
// deletions are marked with + and − (and for screen readers), not by colour alone.
import type { VersionDiff } from '../../../worker/services/agent-diff';

/** Unchanged runs longer than this are folded, keeping CONTEXT lines around each change. */
const CONTEXT = 3;

function foldSame(lines: VersionDiff['instructions']) {
  const keep = lines.map((l, i) => l.op !== 'same' || lines.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some((x) => x.op !== 'same'));
  const out: ({ op: 'same' | 'add' | 'del'; text: string } | { op: 'fold'; n: number })[] = [];
  lines.forEach((l, i) => {
    if (keep[i]) return out.push(l);
    const last = out[out.length - 1];
    if (last?.op === 'fold') last.n++;
    else out.push({ op: 'fold', n: 1 });
  });
  return out;
}

export function DiffView(props: { diff: VersionDiff; first: boolean }) {
  const { diff } = props;
  if (props.first) return <p class="muted">The first version: nothing to compare with.</p>;
  if (!diff.fields.length && !diff.changedLines) return <p class="muted">Same configuration as the version before (a restore or a save without changes).</p>;
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
            Instructions · {diff.changedLines} line{diff.changedLines === 1 ? '' : 's'} changed
          </p>
          <pre class="diff-lines" aria-label="Instructions diff">
            {foldSame(diff.instructions).map((l) =>
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
