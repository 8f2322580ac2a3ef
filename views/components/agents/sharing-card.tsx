// The builder's "Sharing" card: who sees and uses the agent (visibility, one line each) and, for an agent shared by
// link, its URL to copy and a button that rotates it. Shown only to callers who may edit agents.
import type { Visibility } from '../../../worker/services/agent-access';
import { Csrf } from '../ui/form-field';
import { Icon } from '../ui/icon';

const LEVELS: { value: Visibility; label: string; hint: string }[] = [
  { value: 'private', label: 'Private', hint: 'Only you (its creator), admins and owners see and use it.' },
  { value: 'team', label: 'Team', hint: 'Everyone in the organization.' },
  { value: 'link', label: 'Anyone with the link', hint: 'The team, and anyone with the share URL may chat, without an account.' },
  { value: 'public', label: 'Public', hint: 'The team for now; it may be listed in the marketplace later.' },
];

export function SharingCard(props: { action: string; csrfToken: string; visibility: Visibility; url: string | null }) {
  return (
    <section class="card builder-section sharing-card" aria-labelledby="b-sharing">
      <div class="builder-section-head">
        <h2 class="section-title" id="b-sharing">
          Sharing
        </h2>
        <p class="muted">Who sees and uses this agent. Saved at once; it is not a new version.</p>
      </div>
      <form method="post" action={`${props.action}/sharing`} class="form">
        <Csrf token={props.csrfToken} />
        <fieldset class="fieldset">
          <legend class="sr-only">Visibility</legend>
          <div class="radio-cards" role="radiogroup" aria-labelledby="b-sharing">
            {LEVELS.map((l) => (
              <label class="card radio-card">
                <input type="radio" name="visibility" value={l.value} checked={props.visibility === l.value} />
                <span class="radio-card-title">{l.label}</span>
                <span class="muted">{l.hint}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div class="btn-row">
          <button type="submit" class="btn btn-secondary">
            <Icon name="check" />
            Save sharing
          </button>
        </div>
      </form>
      {props.visibility === 'link' && props.url && (
        <div class="share-link">
          <p class="field-label">Share URL</p>
          <div class="key-reveal">
            <input class="input mono" id="share-url" readonly value={props.url} aria-label="Share URL" />
            <button type="button" class="btn btn-secondary" data-copy="share-url">
              <Icon name="copy" />
              <span class="copy-label">Copy</span>
            </button>
          </div>
          <form method="post" action={`${props.action}/sharing/rotate`}>
            <Csrf token={props.csrfToken} />
            <button type="submit" class="btn btn-ghost">
              Rotate link
            </button>
            <span class="field-hint"> The current link stops working at once.</span>
          </form>
        </div>
      )}
    </section>
  );
}
