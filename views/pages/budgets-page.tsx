// GET /app/budgets: monthly cost limits of the organization or one agent, each with this month's spend as a bar
// (marks at 50/80/100 %); admins create, change and delete them with plain forms (no JavaScript needed), others read.
import { Alert } from '../components/ui/alert';
import { BudgetBar } from '../components/budgets/budget-bar';
import { Csrf, InputField, type Option, SelectField } from '../components/ui/form-field';
import { EmptyState } from '../components/ui/empty-state';
import { Icon } from '../components/ui/icon';
import { PageHeader } from '../components/ui/page-header';
import { StatusBadge } from '../components/ui/status-badge';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';
import type { BudgetView } from '../../worker/services/budgets';

export type BudgetForm = { target?: string; limit_usd?: string; action?: string };
export type BudgetsState = {
  notice?: string | null;
  createValues?: BudgetForm;
  createErrors?: Record<string, string>;
  /** A failed change of one budget: its id, the values sent and the messages. */
  edit?: { id: string; values: BudgetForm; errors: Record<string, string> };
  error?: string;
};

/** Fixed notice codes after a redirect (nothing from the URL is shown). */
const NOTICES: Record<string, string> = {
  budget_created: 'Budget created. It counts from the start of this month.',
  budget_updated: 'Budget changed: it applies within seconds.',
  budget_deleted: 'Budget deleted.',
};

const usd = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const day = (isoDate: string) => new Date(isoDate).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
const ACTIONS: Option[] = [
  { value: 'block', label: 'Block new turns when spent' },
  { value: 'alert', label: 'Alert only' },
];

function statusOf(b: BudgetView): { text: string; spent: boolean } {
  const pct = b.limit_usd > 0 ? (b.spent_usd / b.limit_usd) * 100 : 0;
  if (pct >= 100 && b.action === 'block')
    return { text: `Spent: new turns are refused until ${day(b.resets_at)} (UTC) or until the limit is raised.`, spent: true };
  if (pct >= 100) return { text: 'Spent. Alert only: turns go on.', spent: true };
  if (b.reached_pct) return { text: `${b.reached_pct} % alert reached. Resets on ${day(b.resets_at)}.`, spent: false };
  return { text: `Resets on ${day(b.resets_at)}.`, spent: false };
}

function BudgetItem(props: { b: BudgetView; canWrite: boolean; csrfToken: string; edit?: BudgetsState['edit'] }) {
  const { b } = props;
  const pct = b.limit_usd > 0 ? Math.floor((b.spent_usd / b.limit_usd) * 100) : 0;
  const status = statusOf(b);
  const edit = props.edit?.id === b.id ? props.edit : undefined;
  const fid = (name: string) => `${b.id}-${name}`;
  return (
    <li class="card budget-item" id={b.id}>
      <div class="budget-head">
        <div class="budget-title">
          <h2 class="budget-name">{b.scope === 'agent' && b.agent_name ? <a href={`/app/agents/${b.agent_id}`}>{b.label}</a> : b.label}</h2>
          <StatusBadge tone={b.action === 'block' ? 'warn' : 'neutral'} label={b.action === 'block' ? 'Blocks' : 'Alerts only'} />
        </div>
        <span class="budget-figures">
          {usd(b.spent_usd)} of {usd(b.limit_usd)} · {pct} %
        </span>
      </div>
      <div>
        <BudgetBar spent={b.spent_usd} limit={b.limit_usd} label={b.label} />
        <div class="budget-scale" aria-hidden="true">
          <span>0</span>
          <span>50 %</span>
          <span>80 %</span>
          <span>100 %</span>
        </div>
      </div>
      <p class={status.spent ? 'budget-status budget-status-spent' : 'budget-status'}>{status.text}</p>
      {props.canWrite && (
        <>
          <form class="budget-edit" method="post" action={`/app/budgets/${b.id}`}>
            <Csrf token={props.csrfToken} />
            <InputField
              name="limit_usd"
              id={fid('limit')}
              label="Monthly limit (USD)"
              type="number"
              min="0.01"
              step="0.01"
              required
              value={edit?.values.limit_usd ?? String(b.limit_usd)}
              error={edit?.errors.limit_usd}
            />
            <SelectField
              name="action"
              id={fid('action')}
              label="When spent"
              options={ACTIONS}
              value={edit?.values.action ?? b.action}
              error={edit?.errors.action}
            />
            <button type="submit" class="btn btn-secondary">
              Save
            </button>
          </form>
          {edit && !edit.errors.limit_usd && !edit.errors.action && Object.values(edit.errors)[0] && (
            <Alert tone="error">{Object.values(edit.errors)[0]}</Alert>
          )}
          <details class="budget-delete">
            <summary>Delete this budget</summary>
            <form method="post" action={`/app/budgets/${b.id}/delete`}>
              <Csrf token={props.csrfToken} />
              <p class="muted">Its alerts go with it{b.action === 'block' ? ' and turns are no longer refused by it' : ''}.</p>
              <button type="submit" class="btn btn-danger">
                <Icon name="trash" />
                Delete budget
              </button>
            </form>
          </details>
        </>
      )}
    </li>
  );
}

export function BudgetsPage(props: {
  base: LayoutBase;
  budgets: BudgetView[];
  agents: { id: string; name: string }[];
  canWrite: boolean;
  state: BudgetsState;
}) {
  const { base, state } = props;
  const notice = state.notice ? NOTICES[state.notice] : undefined;
  const v = state.createValues ?? {};
  const targets: Option[] = [{ value: 'tenant', label: 'The whole organization' }, ...props.agents.map((a) => ({ value: a.id, label: `Agent: ${a.name}` }))];
  return (
    <AppLayout title="Budgets" {...base} active="settings">
      <link rel="stylesheet" href="/assets/budgets.css" />
      <PageHeader
        title="Budgets"
        eyebrow="Settings"
        description="Monthly cost limits for the organization or one agent, counted at each turn’s model price. Months are UTC. Owners and admins are emailed at 50, 80 and 100 %."
        actions={
          <a class="btn btn-secondary" href="/app/settings">
            Settings
          </a>
        }
      />
      {notice && <Alert tone="success">{notice}</Alert>}
      {state.error && <Alert tone="error">{state.error}</Alert>}
      {props.budgets.length ? (
        <ul class="budget-list" role="list">
          {props.budgets.map((b) => (
            <BudgetItem b={b} canWrite={props.canWrite} csrfToken={base.csrfToken} edit={state.edit} />
          ))}
        </ul>
      ) : (
        <EmptyState
          icon="alert"
          title="No budgets yet"
          description="A budget alerts you as spend grows, or blocks new turns once the month’s limit is reached."
        />
      )}
      {props.canWrite ? (
        <section class="card settings-section" aria-labelledby="new-budget-title">
          <h2 class="section-title" id="new-budget-title">
            New budget
          </h2>
          <form class="form" method="post" action="/app/budgets">
            <Csrf token={base.csrfToken} />
            <SelectField
              name="target"
              id="budget-target"
              label="For"
              options={targets}
              value={v.target ?? 'tenant'}
              error={state.createErrors?.target}
              required
            />
            <InputField
              name="limit_usd"
              id="budget-limit"
              label="Monthly limit (USD)"
              type="number"
              min="0.01"
              step="0.01"
              required
              placeholder="100"
              value={v.limit_usd}
              error={state.createErrors?.limit_usd}
            />
            <SelectField
              name="action"
              id="budget-action"
              label="When spent"
              options={ACTIONS}
              value={v.action ?? 'block'}
              error={state.createErrors?.action}
              hint="Blocking refuses new turns of its scope (402 budget_exceeded) until the month ends or the limit is raised; the turn that crosses the limit finishes."
            />
            <div>
              <button type="submit" class="btn btn-primary">
                <Icon name="plus" />
                Create budget
              </button>
            </div>
          </form>
        </section>
      ) : (
        <p class="muted">Only admins and owners can create or change budgets.</p>
      )}
    </AppLayout>
  );
}
