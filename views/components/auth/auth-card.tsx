// The centred card that frames the sign-up and log-in forms: brand, heading, form, and a link to the other one.
import type { Child } from 'hono/jsx';
import { Logo } from '../ui/logo';

export const TAGLINE = 'Build, run and share AI agents at the edge.';

export function AuthCard(props: { heading: string; subheading?: string; footer?: Child; children?: Child }) {
  return (
    <div class="auth">
      <Logo href="/" size={36} />
      <p class="auth-tagline">{TAGLINE}</p>
      <section class="card auth-card" aria-labelledby="auth-heading">
        <h1 class="auth-heading" id="auth-heading">
          {props.heading}
        </h1>
        {props.subheading && <p class="auth-subheading">{props.subheading}</p>}
        {props.children}
      </section>
      {props.footer && <p class="auth-footer">{props.footer}</p>}
    </div>
  );
}
