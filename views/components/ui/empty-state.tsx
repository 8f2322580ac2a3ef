// A friendly placeholder for a list with nothing in it yet, with an optional call to action.
import type { Child } from 'hono/jsx';
import { Icon, type IconName } from './icon';

export function EmptyState(props: { icon?: IconName; title: string; description?: Child; action?: Child }) {
  return (
    <div class="empty">
      <div class="empty-icon">
        <Icon name={props.icon ?? 'agents'} size={20} />
      </div>
      <h2 class="empty-title">{props.title}</h2>
      {props.description && <p class="empty-description">{props.description}</p>}
      {props.action && <div class="empty-action">{props.action}</div>}
    </div>
  );
}
