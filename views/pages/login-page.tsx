// GET/POST /login: a plain email + password form; `next` carries the page to return to after signing in.
import { Alert } from '../components/ui/alert';
import { AuthCard } from '../components/auth/auth-card';
import { SsoButton } from '../components/auth/sso-button';
import { Button } from '../components/ui/button';
import { InputField } from '../components/ui/form-field';
import { PublicLayout } from '../layouts/public-layout';

export function LoginPage(props: {
  values: { email?: string };
  errors: Record<string, string>;
  formError?: string;
  notice?: string;
  next?: string;
  /** The operator's single sign-on provider, when one is configured. */
  sso?: { name: string };
}) {
  const { values, errors } = props;
  const focus = errors.email || !values.email ? 'email' : 'password';
  return (
    <PublicLayout title="Log in">
      <AuthCard
        heading="Welcome back"
        subheading="Log in to your Edgent workspace."
        footer={
          <>
            New to Edgent? <a href="/signup">Create an account</a>
          </>
        }
      >
        {props.notice && <Alert tone="success">{props.notice}</Alert>}
        {props.formError && <Alert tone="error">{props.formError}</Alert>}
        {props.sso && <SsoButton name={props.sso.name} next={props.next} />}
        <form class="form" method="post" action="/login" novalidate>
          <input type="hidden" name="next" value={props.next ?? ''} />
          <InputField
            name="email"
            label="Email"
            type="email"
            value={values.email}
            error={errors.email}
            autocomplete="username"
            placeholder="you@company.com"
            required
            autofocus={focus === 'email'}
          />
          <InputField
            name="password"
            label="Password"
            type="password"
            error={errors.password}
            autocomplete="current-password"
            required
            autofocus={focus === 'password'}
          />
          <p class="auth-forgot">
            <a href="/forgot-password">Forgot password?</a>
          </p>
          <Button block>Log in</Button>
        </form>
      </AuthCard>
    </PublicLayout>
  );
}
