// The organization switcher inside the user menu: the person's organizations (a form per entry, so it works without
// JavaScript), the current one marked, and "Create organization".
import { Icon } from './icon';

export type LayoutMembership = { id: string; name: string; role: string };

export function OrgSwitcher(props: { memberships: LayoutMembership[]; currentId: string; csrfToken: string }) {
  return (
    <div class="org-switcher" aria-label="Organizations" role="group">
      <p class="org-switcher-title">Organizations</p>
      <ul class="org-list" role="list">
        {props.memberships.map((m) => (
          <li>
            {m.id === props.currentId ? (
              <span class="menu-item org-current" aria-current="true">
                <Icon name="check" />
                <span class="org-name">{m.name}</span>
                <span class="muted role">{m.role}</span>
              </span>
            ) : (
              <form method="post" action="/app/switch">
                <input type="hidden" name="_csrf" value={props.csrfToken} />
                <input type="hidden" name="tenant_id" value={m.id} />
                <button type="submit" class="menu-item">
                  <span class="org-name">
                    <span class="sr-only">Switch to </span>
                    {m.name}
                  </span>
                  <span class="muted role">{m.role}</span>
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <a class="menu-item" href="/app/organizations/new">
        <Icon name="plus" />
        Create organization
      </a>
    </div>
  );
}
