// A reply that failed: its reason, a Retry that sends the same message again, and, when the model connection is the
// cause, a link to fix it. Shown when the stream ends with an error and in the transcript afterwards.
import { Alert } from '../ui/alert';
import { Icon } from '../ui/icon';

/** Failures the user fixes in a connection, not by waiting. */
const CONNECTION_CAUSES = new Set(['no_provider', 'upstream_auth', 'upstream_unreachable']);

/**
 * How to send the message again: `action` is the composer's URL; `csrfToken` when known (the transcript), else the
 * form borrows the composer's CSRF and conversation fields (the stream, which only runs with JavaScript).
 */
export type RetryTarget = { action: string; content: string; csrfToken?: string };

export function FailedReply(props: { code: string; message: string; retry?: RetryTarget; fixHref?: string }) {
  const { retry } = props;
  const fix = CONNECTION_CAUSES.has(props.code);
  return (
    <Alert tone="error" title="The reply failed">
      {props.message}
      <span class="chat-failed-actions">
        {retry && (
          <form
            class="chat-retry"
            method="post"
            action={retry.action}
            hx-post={retry.action}
            hx-target="#chat-log"
            hx-swap="beforeend"
            hx-include="#chat-form [name='_csrf'], #chat-form [name='session']"
          >
            {retry.csrfToken && <input type="hidden" name="_csrf" value={retry.csrfToken} />}
            <input type="hidden" name="content" value={retry.content} />
            <button type="submit" class="btn btn-secondary btn-sm">
              <Icon name="history" size={14} />
              Retry
            </button>
          </form>
        )}
        {fix && (
          <a class="btn btn-ghost btn-sm" href={props.fixHref ?? '/app/connections'}>
            {props.code === 'no_provider' ? 'Add a model connection' : 'Fix the connection'}
          </a>
        )}
      </span>
    </Alert>
  );
}
