// Thumbs on a finished answer (chat page, builder test panel): "Good answer" / "Bad answer" buttons that show their
// state with aria-pressed (pressing the pressed one clears it), and after a thumbs-down a small optional comment form.
// Plain form posts without JavaScript; with htmx the block replaces itself.
import type { FeedbackJson } from '../../../worker/db/tenant-db';
import { Csrf } from '../ui/form-field';
import { Icon } from '../ui/icon';

/** Where ratings go: the conversation and the CSRF token of the page. */
export type FeedbackContext = { sessionId: string; csrfToken: string; ratings?: Map<string, FeedbackJson> };

export const feedbackId = (messageId: string) => `fb-${messageId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
export const feedbackAction = (sessionId: string, messageId: string) =>
  `/app/sessions/${encodeURIComponent(sessionId)}/messages/${encodeURIComponent(messageId)}/feedback`;

export function AnswerFeedback(props: { sessionId: string; messageId: string; csrfToken: string; feedback: FeedbackJson | null; saved?: boolean }) {
  const { feedback } = props;
  const action = feedbackAction(props.sessionId, props.messageId);
  const id = feedbackId(props.messageId);
  const hx = { 'hx-post': action, 'hx-target': `#${id}`, 'hx-swap': 'outerHTML' };
  const thumb = (rating: 'up' | 'down', label: string) => {
    const pressed = feedback?.rating === rating;
    return (
      <button
        type="submit"
        name="rating"
        value={pressed ? 'clear' : rating}
        class={`chat-thumb chat-thumb-${rating}`}
        aria-pressed={pressed ? 'true' : 'false'}
        aria-label={label}
        title={pressed ? `${label} (press again to clear)` : label}
      >
        <Icon name={rating === 'up' ? 'thumb-up' : 'thumb-down'} size={14} />
      </button>
    );
  };
  return (
    <div class="chat-feedback" id={id}>
      <form method="post" action={action} {...hx} class="chat-thumbs" aria-label="Rate this answer">
        <Csrf token={props.csrfToken} />
        {thumb('up', 'Good answer')}
        {thumb('down', 'Bad answer')}
        {props.saved && (
          <span class="chat-feedback-note" role="status">
            Thanks for the feedback
          </span>
        )}
      </form>
      {feedback?.rating === 'down' &&
        (feedback.comment ? (
          <p class="chat-feedback-comment-text">
            <span class="muted">Your comment:</span> {feedback.comment}
          </p>
        ) : (
          <form method="post" action={action} {...hx} class="chat-feedback-comment">
            <Csrf token={props.csrfToken} />
            <input type="hidden" name="rating" value="down" />
            <label for={`${id}-comment`}>What was wrong? (optional)</label>
            <textarea id={`${id}-comment`} name="comment" rows={2} maxlength={2000}></textarea>
            <button type="submit" class="btn btn-ghost btn-sm">
              Send comment
            </button>
          </form>
        ))}
    </div>
  );
}

/** Whether a stored message is an answer people may rate: the assistant's text, not a tool-calling step. */
export const isRateable = (m: { role: string; content: string; tool_calls?: unknown[] }) =>
  m.role === 'assistant' && !!m.content.trim() && !m.tool_calls?.length;
