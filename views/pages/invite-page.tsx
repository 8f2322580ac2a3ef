// GET/POST /invite/:token: accept an invitation. Signed in as the invited person: one "Join" button; a new person:
// name and password (the email is the invitation's); an existing account signed out: sign in, then come back.
// A used, expired or revoked link: what happened and what to do (410).
import { AuthCard } from '../components/auth/auth-card';
import { Alert } from '../components/ui/alert';
import { Button, ButtonLink } from '../components/ui/button';
import { Csrf, InputField } from '../components/ui/form-field';
import { PublicLayout } from '../layouts/public-layout';

export type InviteView =
  | { kind: 'gone'; message: string }
  | {
      kind: 'open';
      token: string;
      org: string;
      role: string;
      email: string;
      /** Who is signed in here, if anyone, and whether it is the invited account. */
      signedIn: { email: string; csrfToken: string; invited: boolean } | null;
      hasAccount: boolean;
      values?: { name?: string };
      errors?: Record<string, string>;
      formError?: string;
    };

const article = (role: string) => (role === 'admin' || role === 'owner' ? `an ${role}` : `a ${role}`);

export function InvitePage(props: { view: InviteView }) {
  const v = props.view;
  if (v.kind === 'gone')
    return (
      <PublicLayout title="Invitation not valid">
        <AuthCard
          heading="This invitation cannot be used"
          footer={
            <>
              Already a member? <a href="/login">Log in</a>
            </>
          }
        >
          <Alert tone="error">{v.message}</Alert>
          <p class="muted">Invitation links work once, for 7 days. An admin of the organization can resend yours from Settings → Members.</p>
        </AuthCard>
      </PublicLayout>
    );
  const action = `/invite/${encodeURIComponent(v.token)}`;
  const heading = `Join ${v.org}`;
  const sub = `You are invited to join ${v.org} on Edgent as ${article(v.role)}.`;
  return (
    <PublicLayout title={heading}>
      <AuthCard heading={heading} subheading={sub}>
        {v.formError && <Alert tone="error">{v.formError}</Alert>}
        {v.signedIn ? (
          v.signedIn.invited ? (
            <form class="form" method="post" action={action}>
              <Csrf token={v.signedIn.csrfToken} />
              <Button block>
                Join {v.org} as {v.role}
              </Button>
            </form>
          ) : (
            <>
              <Alert tone="error">
                This invitation is for {v.email}, but you are signed in as {v.signedIn.email}. Log out, then open the link again.
              </Alert>
              <form class="form" method="post" action="/logout">
                <Csrf token={v.signedIn.csrfToken} />
                <Button variant="secondary" block>
                  Log out
                </Button>
              </form>
            </>
          )
        ) : v.hasAccount ? (
          <>
            <p class="muted">{v.email} already has an Edgent account: sign in, and you will come back here to join.</p>
            <ButtonLink href={`/login?next=${encodeURIComponent(action)}`} class="btn-block">
              Sign in to accept
            </ButtonLink>
          </>
        ) : (
          <form class="form" method="post" action={action} novalidate>
            <InputField
              name="email"
              label="Email"
              value={v.email}
              hint="The invitation is for this address."
              attrs={{ readonly: '', 'aria-readonly': 'true' }}
            />
            <InputField name="name" label="Your name" value={v.values?.name} error={v.errors?.name} autocomplete="name" required autofocus />
            <InputField
              name="password"
              label="Choose a password"
              type="password"
              error={v.errors?.password}
              hint="At least 10 characters."
              autocomplete="new-password"
              required
            />
            <Button block>Create account and join</Button>
          </form>
        )}
      </AuthCard>
    </PublicLayout>
  );
}
