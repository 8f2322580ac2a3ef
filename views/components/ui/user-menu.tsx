// The signed-in user's menu (a <details> disclosure, so it works without JavaScript): the organization switcher,
// settings and the logout form.
import { Icon } from './icon';
import { type LayoutMembership, OrgSwitcher } from './org-switcher';

/** The first letter or digit of the name (or email), for the avatar. */
export const initial = (text: string) => (text.match(/[\p{L}\p{N}]/u)?.[0] ?? '?').toUpperCase();

export function UserMenu(props: {
  name: string | null;
  email: string;
  tenantName: string;
  role: string;
  csrfToken: string;
  /** The person's organizations, for the switcher (with the current one's id). */
  orgs?: { memberships: LayoutMembership[]; currentId: string };
}) {
  const display = props.name?.trim() || props.email;
  return (
    <details class="user-menu">
      <summary class="user-menu-button">
        <span class="avatar" aria-hidden="true">
          {initial(display)}
        </span>
        <span class="user-menu-text">
          <span class="user-menu-name">{display}</span>
          <span class="user-menu-tenant">{props.tenantName}</span>
        </span>
        <Icon name="selector" />
        <span class="sr-only">Account menu</span>
      </summary>
      <div class="user-menu-panel">
        <div class="user-menu-identity">
          {props.name?.trim() && <strong>{props.name}</strong>}
          <p class="muted">{props.email}</p>
          <p class="muted">
            {props.tenantName} · <span class="role">{props.role}</span>
          </p>
        </div>
        {props.orgs && <OrgSwitcher memberships={props.orgs.memberships} currentId={props.orgs.currentId} csrfToken={props.csrfToken} />}
        <a class="menu-item" href="/app/settings">
          <Icon name="settings" />
          Settings
        </a>
        <form method="post" action="/logout">
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <button type="submit" class="menu-item">
            <Icon name="logout" />
            Log out
          </button>
        </form>
      </div>
    </details>
  );
}
