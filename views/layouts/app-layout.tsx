// The layout for signed-in pages: a sidebar (a top bar on small screens) with the main nav and user menu, a thin
// progress bar shown while any request runs (CSS: an element with .htmx-request, or html.is-loading from app.js).
import type { Child } from 'hono/jsx';
import { GraceBanner } from '../components/billing/grace-banner';
import { QuotaBanner } from '../components/billing/quota-banner';
import { BudgetBanner } from '../components/budgets/budget-banner';
import { Document } from '../components/ui/document';
import { Icon, type IconName } from '../components/ui/icon';
import { Logo } from '../components/ui/logo';
import type { LayoutMembership } from '../components/ui/org-switcher';
import { UserMenu } from '../components/ui/user-menu';
import type { Action } from '../../worker/services/permissions';
import type { BudgetBannerInfo } from '../../worker/services/budgets';
import type { GraceBannerInfo } from '../../worker/services/billing';
import type { QuotaBannerInfo } from '../../worker/services/quota';

export type LayoutUser = { name: string | null; email: string };
/** What every app page passes to the layout: who is signed in, where, and the CSRF token for its forms. */
/** What the signed-in role may do, from the permission table: pages hide or disable the rest. */
export type Grants = Record<Action, boolean>;
export type LayoutBase = {
  user: LayoutUser;
  tenant: { id: string; name: string };
  role: string;
  csrfToken: string;
  can: Grants;
  /** The person's organizations (the switcher in the user menu). */
  memberships?: LayoutMembership[];
  /** A budget of this month at 80 % or more (the banner on every page). */
  budget?: BudgetBannerInfo | null;
  /** A failed payment (owners): the paid plan's grace period (the banner on every page). */
  grace?: GraceBannerInfo | null;
  /** A plan limit at 80 % or more, for owners and admins (the quota banner). */
  quota?: QuotaBannerInfo | null;
};
type Section =
  | 'home'
  | 'agents'
  | 'workflows'
  | 'runs'
  | 'connections'
  | 'tools'
  | 'knowledge'
  | 'logs'
  | 'analytics'
  | 'developers'
  | 'earnings'
  | 'audit'
  | 'marketplace'
  | 'settings';

// One entry per section; keep Settings last (the user menu links to it too).
const NAV: { id: Section; label: string; href: string; icon: IconName; need?: Action }[] = [
  { id: 'home', label: 'Home', href: '/app', icon: 'home' },
  { id: 'agents', label: 'Agents', href: '/app/agents', icon: 'agents' },
  { id: 'workflows', label: 'Workflows', href: '/app/workflows', icon: 'workflows', need: 'workflows:read' },
  { id: 'runs', label: 'Runs', href: '/app/runs', icon: 'play', need: 'runs:read' },
  { id: 'connections', label: 'Connections', href: '/app/connections', icon: 'connections' },
  { id: 'tools', label: 'Tools', href: '/app/tools', icon: 'tools' },
  { id: 'knowledge', label: 'Knowledge', href: '/app/knowledge', icon: 'book', need: 'knowledge:read' },
  { id: 'logs', label: 'Logs', href: '/app/logs', icon: 'logs' },
  { id: 'analytics', label: 'Analytics', href: '/app/analytics', icon: 'chart', need: 'analytics:read' },
  { id: 'developers', label: 'Developers', href: '/app/developers', icon: 'key' },
  { id: 'earnings', label: 'Earnings', href: '/app/earnings', icon: 'chart', need: 'billing:read' },
  { id: 'audit', label: 'Audit log', href: '/app/settings/audit', icon: 'history', need: 'audit:read' },
  { id: 'marketplace', label: 'Marketplace', href: '/marketplace', icon: 'spark' },
  { id: 'settings', label: 'Settings', href: '/app/settings', icon: 'settings' },
];

export function AppLayout(props: {
  title: string;
  user: LayoutUser;
  tenant: { id?: string; name: string };
  role: string;
  csrfToken: string;
  memberships?: LayoutMembership[];
  budget?: BudgetBannerInfo | null;
  grace?: GraceBannerInfo | null;
  quota?: QuotaBannerInfo | null;
  /** The role's grants: a nav entry that needs a permission (the audit log) shows only with it. */
  can?: Grants;
  active?: Section;
  /** Wider content column (the agent builder, transcripts). */
  wide?: boolean;
  children?: Child;
}) {
  return (
    <Document title={props.title} bodyClass="app">
      <div class="progress" aria-hidden="true"></div>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <div class="shell">
        <aside class="sidebar">
          <Logo href="/app" />
          <nav class="sidebar-nav" aria-label="Main">
            <ul class="nav" role="list">
              {NAV.filter((item) => !item.need || props.can?.[item.need]).map((item) => (
                <li>
                  <a class="nav-link" href={item.href} aria-current={props.active === item.id ? 'page' : undefined}>
                    <Icon name={item.icon} />
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div class="sidebar-user">
            <UserMenu
              name={props.user.name}
              email={props.user.email}
              tenantName={props.tenant.name}
              role={props.role}
              csrfToken={props.csrfToken}
              orgs={props.memberships && props.tenant.id ? { memberships: props.memberships, currentId: props.tenant.id } : undefined}
            />
          </div>
        </aside>
        <main class="main" id="main">
          <div class={props.wide ? 'container container-wide' : 'container'}>
            <GraceBanner info={props.grace} />
            <QuotaBanner info={props.quota} />
            <BudgetBanner info={props.budget} />
            {props.children}
          </div>
        </main>
      </div>
    </Document>
  );
}
