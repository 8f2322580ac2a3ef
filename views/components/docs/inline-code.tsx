// Plain reference text (summaries, field and response descriptions from the OpenAPI document) with `code` spans
// rendered as <code>, so no raw backtick reaches the page. Everything stays text: JSX escapes it.
import type { Child } from 'hono/jsx';

export function InlineCode(props: { text: string | undefined | null }): Child {
  const text = props.text ?? '';
  if (!text.includes('`')) return <>{text}</>;
  const parts = text.split(/`([^`]+)`/);
  return <>{parts.map((part, i) => (i % 2 ? <code>{part}</code> : part.replaceAll('`', '')))}</>;
}
