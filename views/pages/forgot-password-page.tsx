// GET/POST /forgot-password: ask for a reset link by email. The answer never says whether an account exists.
import { Alert } from '../components/ui/alert';
import { AuthCard } from '../components/auth/auth-card';
import { Button } from '../components/ui/button';
import { InputField } from '../components/ui/form-field';
import { PublicLayout } from '../layouts/public-layout';

export type ForgotState = { sent?: boolean; emailConfigured: boolean; email?: string; error?: string; formError?: string };

export function ForgotPasswordPage(props: ForgotState) {
  return (
    <PublicLayout title="Forgot password">
      <AuthCard
        heading="Forgot your password?"
        subheading={props.emailConfigured ? 'Enter your email and we will send you a link to choose a new one.' : undefined}
        footer={
          <>
            Remembered it? <a href="/login">Log in</a>
          </>
        }
      >
        {props.formError && <Alert tone="error">{props.formError}</Alert>}
        {!props.emailConfigured ? (
          <Alert tone="info" title="Email is not set up on this server">
            <p>Ask an admin or the owner of your organization for a reset link: they can make one in Settings → Members.</p>
          </Alert>
        ) : props.sent ? (
          <Alert tone="success" title="Check your email">
            <p>If an account exists for {props.email}, a link to reset its password is on its way. It works once, for one hour.</p>
          </Alert>
        ) : (
          <form class="form" method="post" action="/forgot-password" novalidate>
            <InputField
              name="email"
              label="Email"
              type="email"
              value={props.email}
              error={props.error}
              autocomplete="username"
              placeholder="you@company.com"
              required
              autofocus
            />
            <Button block>Send reset link</Button>
          </form>
        )}
      </AuthCard>
    </PublicLayout>
  );
}
