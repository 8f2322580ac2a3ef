// Buttons and button-styled links in the two variants the app uses.
import type { Child } from 'hono/jsx';

type Variant = 'primary' | 'secondary';

const cls = (variant: Variant = 'primary', block?: boolean, extra?: string) =>
  ['btn', `btn-${variant}`, block ? 'btn-block' : '', extra ?? ''].filter(Boolean).join(' ');

export function Button(props: { type?: 'submit' | 'button' | 'reset'; variant?: Variant; block?: boolean; class?: string; children?: Child }) {
  return (
    <button type={props.type ?? 'submit'} class={cls(props.variant, props.block, props.class)}>
      {props.children}
    </button>
  );
}

export function ButtonLink(props: { href: string; variant?: Variant; class?: string; children?: Child }) {
  return (
    <a href={props.href} class={cls(props.variant, false, props.class)}>
      {props.children}
    </a>
  );
}
