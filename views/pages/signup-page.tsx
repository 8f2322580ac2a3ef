// GET/POST /signup: create an organization and its owner. A plain form; errors come back inline from the server.
import { Alert } from '../components/ui/alert';
import { AuthCard } from '../components/auth/auth-card';
import { Button } from '../components/ui/button';
import { InputField } from '../components/ui/form-field';
import { PublicLayout } from '../layouts/public-layout';

const ORDER = ['organization', 'name', 'email', 'password'] as const;

export function SignupPage(props: { values: { email?: string; organization?: string; name?: string }; errors: Record<string, string>; formError?: string }) {
  const { values, errors } = props;
  // Focus the first field that needs attention, or the first field on a fresh form.
  const focus = ORDER.find((name) => errors[name]) ?? (props.formError ? undefined : 'organization');
  return (
    <PublicLayout title="Create your account">
      <AuthCard
        heading="Create your account"
        subheading="Start with a ready-to-chat Hello World agent."
        footer={
          <>
            Already have an account? <a href="/login">Log in</a>
          </>
        }
      >
        {props.formError && <Alert tone="error">{props.formError}</Alert>}
        <form class="form" method="post" action="/signup" novalidate>
          <InputField
            name="organization"
            label="Organization"
            value={values.organization}
            error={errors.organization}
            autocomplete="organization"
            placeholder="Acme Inc."
            required
            autofocus={focus === 'organization'}
          />
          <InputField name="name" label="Your name" note="Optional" value={values.name} error={errors.name} autocomplete="name" autofocus={focus === 'name'} />
          <InputField
            name="email"
            label="Work email"
            type="email"
            value={values.email}
            error={errors.email}
            autocomplete="email"
            placeholder="you@company.com"
            required
            autofocus={focus === 'email'}
          />
          <InputField
            name="password"
            label="Password"
            type="password"
            error={errors.password}
            hint="At least 10 characters."
            autocomplete="new-password"
            minLength={10}
            required
            autofocus={focus === 'password'}
          />
          <Button block>Create account</Button>
        </form>
      </AuthCard>
    </PublicLayout>
  );
}
