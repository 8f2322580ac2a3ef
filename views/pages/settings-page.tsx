// GET /app/settings: the organization's name, a pointer to the API keys (managed on the Developers page) and the
// members: roles, invitations, and one-time password-reset links an admin can make.
import { type Member, MembersSection, type MembersState, type PendingInvitation } from '../components/teams/members-section';
import { Csrf, InputField } from '../components/ui/form-field';
import { Icon } from '../components/ui/icon';
import { Notice } from '../components/ui/notice';
import { PageHeader } from '../components/ui/page-header';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export type { Member } from '../components/teams/members-section';
export type SettingsState = MembersState & {
  notice?: string | null;
  orgName: string;
  orgError?: string;
};

export function SettingsPage(props: {
  base: LayoutBase;
  state: SettingsState;
  keyCount: number;
  members: Member[];
  invitations: PendingInvitation[];
  canRename: boolean;
  canManageMembers: boolean;
  canResetPasswords?: boolean;
  emailConfigured?: boolean;
  userId: string;
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
      {base.can['billing:read'] && (
        <section class="card settings-section" aria-labelledby="billing-title" id="billing">
          <h2 class="section-title" id="billing-title">
            Billing
          </h2>
          <p class="muted">Your plan, this period’s usage against its limits, upgrades, payment details and invoices (owners only).</p>
          <div>
            <a class="btn btn-secondary" href="/app/billing">
              Open billing
            </a>
          </div>
        </section>
      )}
      <section class="card settings-section" aria-labelledby="budgets-title" id="budgets">
        <h2 class="section-title" id="budgets-title">
          Budgets
        </h2>
        <p class="muted">Monthly cost limits for the organization or one agent: alerts at 50, 80 and 100 %, or new turns refused once spent.</p>
        <div>
          <a class="btn btn-secondary" href="/app/budgets">
            Manage budgets
          </a>
        </div>
      </section>
      <MembersSection
        members={props.members}
        invitations={props.invitations}
        state={state}
        csrfToken={base.csrfToken}
        userId={props.userId}
        canManage={props.canManageMembers}
        isOwner={base.role === 'owner'}
        canReset={!!props.canResetPasswords}
        emailConfigured={!!props.emailConfigured}
      />
    </AppLayout>
  );
}
