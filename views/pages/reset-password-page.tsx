// GET/POST /reset-password?token=…: choose a new password with a one-time link (mailed, or made by an admin).
import { Alert } from '../components/ui/alert';
import { AuthCard } from '../components/auth/auth-card';
import { Button } from '../components/ui/button';
import { InputField } from '../components/ui/form-field';
import { PublicLayout } from '../layouts/public-layout';

export function ResetPasswordPage(props: { token: string; error?: string; formError?: string }) {
  return (
    <PublicLayout title="Choose a new password">
      <AuthCard
        heading="Choose a new password"
        subheading="You will be signed out everywhere, then you can log in with the new password."
        footer={
          <>
            Link not working? <a href="/forgot-password">Ask for a new one</a>
          </>
        }
      >
        {props.formError && (
          <Alert tone="error">
            {props.formError} <a href="/forgot-password">Ask for a new link</a>.
          </Alert>
        )}
        {props.token ? (
          <form class="form" method="post" action="/reset-password" novalidate>
            <input type="hidden" name="token" value={props.token} />
            <InputField
              name="password"
              label="New password"
              type="password"
              error={props.error}
              autocomplete="new-password"
              hint="At least 10 characters."
              required
              autofocus
            />
            <Button block>Set new password</Button>
          </form>
        ) : (
          !props.formError && (
            <Alert tone="error">
              This link is incomplete. <a href="/forgot-password">Ask for a new one</a>.
            </Alert>
          )
        )}
      </AuthCard>
    </PublicLayout>
  );
}
