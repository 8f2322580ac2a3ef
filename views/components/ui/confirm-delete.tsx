// A delete confirmation that works without JavaScript (its own page) and inline (htmx puts it under the row):
// what will be deleted, what uses it, and, while in use, a "delete anyway" checkbox that says what happens then.
import type { Child } from 'hono/jsx';
import { Alert } from './alert';
import { Csrf } from './form-field';
import { Icon } from './icon';

export function ConfirmDelete(props: {
  id: string;
  what: string;
  name: string;
  action: string;
  cancelHref: string;
  csrfToken: string;
  /** Who uses it; when non-empty, deleting needs the force checkbox. */
  usedBy?: Child[];
  /** What happens to those users if deleted anyway. */
  forceEffect?: string;
  error?: string;
}) {
  const inUse = (props.usedBy?.length ?? 0) > 0;
  return (
    <div class="card confirm" id={props.id} role="region" aria-label={`Delete ${props.what}`}>
      <h2 class="confirm-title">
        Delete the {props.what} “{props.name}”?
      </h2>
      {props.error && <Alert tone="error">{props.error}</Alert>}
      {inUse ? (
        <>
          <p class="muted">It is in use, so it cannot simply be deleted:</p>
          <ul class="confirm-users">
            {props.usedBy!.map((u) => (
              <li>{u}</li>
            ))}
          </ul>
        </>
      ) : (
        <p class="muted">Nothing uses it. This cannot be undone.</p>
      )}
      <form class="confirm-form" method="post" action={props.action}>
        <Csrf token={props.csrfToken} />
        {inUse && (
          <label class="check">
            <input type="checkbox" name="force" value="true" required />
            <span>Delete anyway. {props.forceEffect}</span>
          </label>
        )}
        <div class="btn-row">
          <button type="submit" class="btn btn-danger">
            <Icon name="trash" />
            Delete {props.what}
          </button>
          <a class="btn btn-secondary" href={props.cancelHref}>
            Cancel
          </a>
        </div>
      </form>
    </div>
  );
}
