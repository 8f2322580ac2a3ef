// Settings → Members: the member list (role select and remove for admins), pending invitations (resend, revoke),
// the invite form, and a new invitation's link shown once with a copy button. Plain forms, no JavaScript needed.
import { Alert } from '../ui/alert';
import { Csrf, InputField, SelectField } from '../ui/form-field';
import { Icon } from '../ui/icon';
import { When } from '../ui/when';

export type Member = { id: string; email: string; name: string | null; role: string; joined_at: string };
export type PendingInvitation = { id: string; email: string; role: string; status: string; expires_at: string };
export type MembersState = {
  inviteLink?: { email: string; url: string; emailed: boolean };
  inviteError?: string;
  inviteErrors?: Record<string, string>;
  inviteValues?: { email?: string; role?: string };
  memberError?: string;
  resetLink?: { email: string; url: string };
};

const ROLES = ['owner', 'admin', 'member', 'viewer'];

/** The one-time link box (invitations and reset links). */
function LinkReveal(props: { id: string; url: string; label: string }) {
  return (
    <div class="key-reveal">
      <input class="input mono" id={props.id} readonly value={props.url} aria-label={props.label} />
      <button type="button" class="btn btn-secondary" data-copy={props.id}>
        <Icon name="copy" />
        <span class="copy-label">Copy</span>
      </button>
    </div>
  );
}

export function MembersSection(props: {
  members: Member[];
  invitations: PendingInvitation[];
  state: MembersState;
  csrfToken: string;
  userId: string;
  /** members:write: invite, change roles, remove. */
  canManage: boolean;
  /** Owners may hand out and change the owner role. */
  isOwner: boolean;
  canReset: boolean;
  emailConfigured: boolean;
}) {
  const { state } = props;
  const grantable = ROLES.filter((r) => r !== 'owner' || props.isOwner);
  return (
    <section class="card settings-section" aria-labelledby="members-title" id="members">
      <h2 class="section-title" id="members-title">
        Members
      </h2>
      <p class="muted">
        Owners do everything; admins manage members, keys and settings; members build agents, tools and connections; viewers read and chat.
        {props.canReset &&
          (props.emailConfigured
            ? ' Someone locked out can use “Forgot password” on the login page, or you can make them a one-time reset link.'
            : ' Email is not set up on this server: when someone forgets their password, make them a one-time reset link and hand it over.')}
      </p>
      {state.memberError && <Alert tone="error">{state.memberError}</Alert>}
      {state.resetLink && (
        <Alert tone="success" title={`Reset link for ${state.resetLink.email}`}>
          <p>Hand it over privately. It works once, for one hour, and is not shown again.</p>
          <LinkReveal id="reset-link" url={state.resetLink.url} label="One-time reset link" />
        </Alert>
      )}
      {state.inviteLink && (
        <Alert tone="success" title={`Invitation for ${state.inviteLink.email}`}>
          <p>
            {state.inviteLink.emailed ? 'We emailed this link too. ' : 'Send this link to them yourself. '}It works once, for 7 days, and is not shown again.
          </p>
          <LinkReveal id="invite-link" url={state.inviteLink.url} label="Invitation link" />
        </Alert>
      )}
      <div class="table-wrap">
        <table class="table members-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col" class="hide-sm">
                Joined
              </th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.members.map((m) => {
              const self = m.id === props.userId;
              const editable = props.canManage && (props.isOwner || m.role !== 'owner');
              const path = `/app/settings/members/${encodeURIComponent(m.id)}`;
              return (
                <tr>
                  <th scope="row">
                    {m.name || m.email}
                    {self && <span class="muted"> (you)</span>}
                    {m.name && <span class="cell-sub">{m.email}</span>}
                  </th>
                  <td>
                    {editable ? (
                      <form class="inline-form" method="post" action={`${path}/role`}>
                        <Csrf token={props.csrfToken} />
                        <label class="sr-only" for={`role-${m.id}`}>
                          Role of {m.email}
                        </label>
                        <select class="input input-sm" id={`role-${m.id}`} name="role">
                          {grantable.map((r) => (
                            <option value={r} selected={r === m.role}>
                              {r}
                            </option>
                          ))}
                        </select>
                        <button type="submit" class="btn btn-ghost btn-sm">
                          Save<span class="sr-only"> role of {m.email}</span>
                        </button>
                      </form>
                    ) : (
                      <span class="badge role">{m.role}</span>
                    )}
                  </td>
                  <td class="hide-sm muted">
                    <When ms={Date.parse(m.joined_at)} />
                  </td>
                  <td class="actions">
                    {props.canReset && !self && (
                      <form method="post" action={`${path}/reset-link`}>
                        <Csrf token={props.csrfToken} />
                        <button type="submit" class="btn btn-ghost btn-sm">
                          Reset link<span class="sr-only"> for {m.email}</span>
                        </button>
                      </form>
                    )}
                    {(self || editable) && (
                      <form method="post" action={`${path}/remove`}>
                        <Csrf token={props.csrfToken} />
                        <button type="submit" class="btn btn-ghost btn-sm btn-danger-text">
                          {self ? 'Leave' : 'Remove'}
                          {!self && <span class="sr-only"> {m.email}</span>}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {props.invitations.length > 0 && (
        <>
          <h3 class="subsection-title">Pending invitations</h3>
          <ul class="invitation-list" role="list">
            {props.invitations.map((i) => (
              <li class="invitation-row">
                <span class="invitation-who">
                  <strong>{i.email}</strong>
                  <span class="muted">
                    {' '}
                    · <span class="role">{i.role}</span> · {i.status === 'expired' ? 'expired' : 'pending'}
                  </span>
                </span>
                {props.canManage && (props.isOwner || i.role !== 'owner') && (
                  <span class="actions">
                    <form method="post" action={`/app/settings/invitations/${encodeURIComponent(i.id)}/resend`}>
                      <Csrf token={props.csrfToken} />
                      <button type="submit" class="btn btn-ghost btn-sm">
                        Resend<span class="sr-only"> to {i.email}</span>
                      </button>
                    </form>
                    <form method="post" action={`/app/settings/invitations/${encodeURIComponent(i.id)}/revoke`}>
                      <Csrf token={props.csrfToken} />
                      <button type="submit" class="btn btn-ghost btn-sm btn-danger-text">
                        Revoke<span class="sr-only"> invitation of {i.email}</span>
                      </button>
                    </form>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {props.canManage ? (
        <form class="form form-inline invite-form" method="post" action="/app/settings/invitations">
          <Csrf token={props.csrfToken} />
          <InputField
            name="email"
            id="invite-email"
            type="email"
            label="Invite by email"
            value={state.inviteValues?.email}
            error={state.inviteErrors?.email ?? state.inviteError}
            autocomplete="off"
            required
          />
          <SelectField
            name="role"
            id="invite-role"
            label="Role"
            value={state.inviteValues?.role ?? 'member'}
            error={state.inviteErrors?.role}
            options={grantable.map((r) => ({ value: r, label: r }))}
          />
          <button type="submit" class="btn btn-primary">
            Invite
          </button>
        </form>
      ) : (
        <p class="muted">Only admins and owners can invite people and change roles.</p>
      )}
    </section>
  );
}
