// GET /app/settings: the organization's name, a pointer to the API keys (managed on the Developers page) and the
// members, for whom an admin can make a one-time password-reset link.
import { Alert } from '../components/ui/alert';
import { Csrf, InputField, SelectField } from '../components/ui/form-field';
import { Icon } from '../components/ui/icon';
import { Notice } from '../components/ui/notice';
import { PageHeader } from '../components/ui/page-header';
import { When } from '../components/ui/when';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export type Member = { id: string; email: string; name: string | null; role: string; joined_at: string };
export type SettingsState = {
  notice?: string | null;
  orgName: string;
  orgError?: string;
  resetLink?: { email: string; url: string };
  memberError?: string;
};

function MembersSection(props: { members: Member[]; state: SettingsState; csrfToken: string; userEmail: string; canReset: boolean; emailConfigured: boolean }) {
  const { state } = props;
  return (
    <section class="card settings-section" aria-labelledby="members-title" id="members">
      <h2 class="section-title" id="members-title">
        Members
      </h2>
      <p class="muted">
        Inviting people and changing roles is coming soon.
        {props.canReset &&
          (props.emailConfigured
            ? ' Someone locked out can use “Forgot password” on the login page, or you can make them a one-time reset link.'
            : ' Email is not set up on this server: when someone forgets their password, make them a one-time reset link and hand it over.')}
      </p>
      {state.memberError && <Alert tone="error">{state.memberError}</Alert>}
      {state.resetLink && (
        <Alert tone="success" title={`Reset link for ${state.resetLink.email}`}>
          <p>Hand it over privately. It works once, for one hour, and is not shown again.</p>
          <div class="key-reveal">
            <input class="input mono" id="reset-link" readonly value={state.resetLink.url} aria-label="One-time reset link" />
            <button type="button" class="btn btn-secondary" data-copy="reset-link">
              <Icon name="copy" />
              <span class="copy-label">Copy</span>
            </button>
          </div>
        </Alert>
      )}
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col" class="hide-sm">
                Joined
              </th>
              {props.canReset && (
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {props.members.map((m) => (
              <tr>
                <th scope="row">
                  {m.name || m.email}
                  {m.name && <span class="cell-sub">{m.email}</span>}
                </th>
                <td>
                  <span class="badge role">{m.role}</span>
                </td>
                <td class="hide-sm muted">
                  <When ms={Date.parse(m.joined_at)} />
                </td>
                {props.canReset && (
                  <td class="actions">
                    {m.email !== props.userEmail && (
                      <form method="post" action={`/app/settings/members/${encodeURIComponent(m.id)}/reset-link`}>
                        <Csrf token={props.csrfToken} />
                        <button type="submit" class="btn btn-ghost btn-sm">
                          Reset link<span class="sr-only"> for {m.email}</span>
                        </button>
                      </form>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function SettingsPage(props: {
  base: LayoutBase;
  state: SettingsState;
  keyCount: number;
  members: Member[];
  canRename: boolean;
  canResetPasswords?: boolean;
  emailConfigured?: boolean;
}) {
  const { base, state } = props;
  return (
    <AppLayout title="Settings" {...base} active="settings">
      <PageHeader title="Settings" description="Your organization and its members." />
      <Notice code={state.notice} />
      <section class="card settings-section" aria-labelledby="org-title">
        <h2 class="section-title" id="org-title">
          Organization
        </h2>
        <form class="form form-inline" method="post" action="/app/settings/organization">
          <Csrf token={base.csrfToken} />
          <InputField
            name="name"
            id="org-name"
            label="Organization name"
            value={state.orgName}
            error={state.orgError}
            required
            attrs={props.canRename ? { maxlength: '100' } : { maxlength: '100', disabled: '' }}
            hint={props.canRename ? 'Shown to everyone in the organization.' : 'Only admins and owners can rename it.'}
          />
          <button type="submit" class="btn btn-secondary" disabled={!props.canRename}>
            Rename
          </button>
        </form>
      </section>
      <section class="card settings-section" aria-labelledby="keys-title" id="api-keys">
        <h2 class="section-title" id="keys-title">
          API keys
        </h2>
        <p class="muted">
          {props.keyCount === 0 ? 'No API keys yet.' : props.keyCount === 1 ? 'One active API key.' : `${props.keyCount} active API keys.`} Keys are created,
          scoped and revoked on the Developers page, with snippets and the log of recent API requests.
        </p>
        <div>
          <a class="btn btn-secondary" href="/app/developers">
            <Icon name="key" />
            Manage API keys
          </a>
        </div>
      </section>
      <MembersSection
        members={props.members}
        state={state}
        csrfToken={base.csrfToken}
        userEmail={base.user.email}
        canReset={!!props.canResetPasswords}
        emailConfigured={!!props.emailConfigured}
      />
    </AppLayout>
  );
}
