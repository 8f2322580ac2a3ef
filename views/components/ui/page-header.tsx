// The heading block at the top of an app page: eyebrow, title, description and actions on the right.
import type { Child } from 'hono/jsx';

export function PageHeader(props: { title: string; eyebrow?: string; description?: Child; actions?: Child }) {
  return (
    <header class="page-header">
      <div class="page-header-text">
        {props.eyebrow && <p class="eyebrow">{props.eyebrow}</p>}
        <h1 class="page-title">{props.title}</h1>
        {props.description && <p class="page-description">{props.description}</p>}
      </div>
      {props.actions && <div class="btn-row">{props.actions}</div>}
    </header>
  );
}
