// "Update available (vN)" on an installed agent's setup page: what the listing's newer version changes (settings,
// instructions line by line, tools added/removed/changed, release notes), with Apply and Dismiss (plain forms).
import type { ListingUpdateJson } from '../../worker/schemas/listing-installs';
import { Button } from '../components/ui/button';

export function UpdateReview(props: { update: ListingUpdateJson; action: string; csrf: string; canEdit: boolean }) {
  const u = props.update;
  const d = u.diff;
  const changed = d.instructions.some((l) => l.op !== 'same');
  return (
    <section class="card settings-section update-review" aria-labelledby="update-title">
      <h2 class="section-title" id="update-title">
        Update available (v{u.to})
      </h2>
      <p>
        This agent runs version {u.from} of <a href={`/marketplace/${encodeURIComponent(u.listing?.slug ?? '')}`}>{u.listing?.title}</a>. Applying the update
        writes a new agent version; your connections, variable values and name stay.
      </p>
      {u.notes.length > 0 && (
        <ul>
          {u.notes.map((n) => (
            <li>
              <strong>v{n.version}</strong>
              {n.notes ? ` — ${n.notes}` : ''}
            </li>
          ))}
        </ul>
      )}
      {d.fields.length > 0 && (
        <table class="table">
          <thead>
            <tr>
              <th>Setting</th>
              <th>Now</th>
              <th>After</th>
            </tr>
          </thead>
          <tbody>
            {d.fields.map((f) => (
              <tr>
                <td>{f.field}</td>
                <td>{f.before}</td>
                <td>{f.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(d.tools.added.length > 0 || d.tools.removed.length > 0 || d.tools.changed.length > 0) && (
        <ul class="update-tools">
          {d.tools.added.map((t) => (
            <li>+ tool {t}</li>
          ))}
          {d.tools.removed.map((t) => (
            <li>− tool {t}</li>
          ))}
          {d.tools.changed.map((t) => (
            <li>~ tool {t} changed</li>
          ))}
        </ul>
      )}
      {changed && (
        <details open>
          <summary>Instructions</summary>
          <pre class="diff">
            {d.instructions.map((l) => (
              <span class={`diff-${l.op}`}>
                {l.op === 'add' ? '+ ' : l.op === 'del' ? '- ' : '  '}
                {l.text}
                {'\n'}
              </span>
            ))}
          </pre>
        </details>
      )}
      {props.canEdit && (
        <div class="btn-row">
          <form method="post" action={`${props.action}/apply`}>
            <input type="hidden" name="_csrf" value={props.csrf} />
            <Button>Apply update</Button>
          </form>
          <form method="post" action={`${props.action}/dismiss`}>
            <input type="hidden" name="_csrf" value={props.csrf} />
            <input type="hidden" name="version" value={String(u.to)} />
            <Button variant="secondary">Dismiss</Button>
          </form>
        </div>
      )}
    </section>
  );
}
