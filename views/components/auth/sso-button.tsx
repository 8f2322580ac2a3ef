// "Sign in with <provider>" on the login page when the operator configured single sign-on; `next` rides along.

export function SsoButton(props: { name: string; next?: string }) {
  const href = `/auth/oidc/start${props.next ? `?next=${encodeURIComponent(props.next)}` : ''}`;
  return (
    <div class="auth-sso">
      <a class="btn btn-secondary btn-block" href={href}>
        Sign in with {props.name}
      </a>
      <p class="auth-divider">
        <span>or with your password</span>
      </p>
    </div>
  );
}
