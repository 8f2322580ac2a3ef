// A flash/alert banner; errors are announced at once (role="alert"), the rest politely (role="status").
import type { Child } from 'hono/jsx';
import { Icon } from './icon';

export function Alert(props: { tone?: 'error' | 'info' | 'success'; title?: string; children?: Child }) {
  const tone = props.tone ?? 'info';
  return (
    <div class={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <Icon name={tone === 'success' ? 'check' : 'alert'} />
      <div>
        {props.title && <p class="alert-title">{props.title}</p>}
        <div class="alert-body">{props.children}</div>
      </div>
    </div>
  );
}
