// GET /app/analytics/prices: the prices that turn tokens into cost: the models seen without a price first (each
// with a link that fills the form), a form to set the organization's own price (analytics:write), and every price
// in force, defaults and the organization's own, with a reset for the latter.
import type { ModelPriceJson } from '../../worker/schemas/analytics';
import { Alert } from '../components/ui/alert';
import { Csrf, InputField } from '../components/ui/form-field';
import { PageHeader } from '../components/ui/page-header';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';

export type PriceForm = { model: string; input: string; output: string };

const usd = (n: number) => `$${n.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 4 })}`;

export function ModelPricesPage(props: {
  base: LayoutBase;
  prices: ModelPriceJson[];
  unpriced: string[];
  form: PriceForm;
  errors?: Record<string, string>;
  message?: string;
  saved?: { model: string; reset: boolean } | null;
}) {
  const canWrite = props.base.can['analytics:write'];
  const e = props.errors ?? {};
  return (
    <AppLayout title="Model prices" {...props.base} active="analytics">
      <PageHeader
        eyebrow="Analytics"
        title="Model prices"
        description="Cost is tokens × the model’s price per million tokens at the time of the turn. A new price counts for later turns only."
        actions={
          <a class="btn btn-secondary" href="/app/analytics">
            Back to analytics
          </a>
        }
      />
      {props.saved && (
        <Alert tone="success">
          {props.saved.reset ? 'Back to the default price for ' : 'Price saved for '}
          <code>{props.saved.model}</code>.
        </Alert>
      )}
      {props.unpriced.length > 0 && (
        <section class="section section-first" aria-labelledby="unpriced-heading">
          <h2 class="section-title" id="unpriced-heading">
            Models without a price
          </h2>
          <p class="muted">Their turns in the last 90 days count as $0{canWrite ? '' : ': an admin can set a price'}.</p>
          <ul class="card list" role="list" id="unpriced">
            {props.unpriced.map((m) => (
              <li class="list-row">
                <code class="list-main">{m}</code>
                {canWrite && (
                  <a class="link-quiet" href={`/app/analytics/prices?model=${encodeURIComponent(m)}#price-form`}>
                    Set a price<span class="sr-only"> for {m}</span>
                  </a>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {canWrite && (
        <section class="section" aria-labelledby="price-form-heading">
          <h2 class="section-title" id="price-form-heading">
            Set a price
          </h2>
          {props.message && <Alert tone="error">{props.message}</Alert>}
          <form class="card form-card" method="post" action="/app/analytics/prices" id="price-form">
            <Csrf token={props.base.csrfToken} />
            <InputField
              name="model"
              label="Model"
              value={props.form.model}
              error={e.model}
              required
              list="known-models"
              hint="As the agent names it, e.g. gpt-4o-mini."
            />
            <datalist id="known-models">
              {[...props.unpriced, ...props.prices.map((p) => p.model)].map((m) => (
                <option value={m}></option>
              ))}
            </datalist>
            <InputField
              name="input"
              label="Input, USD per million tokens"
              type="number"
              min="0"
              max="10000"
              step="any"
              value={props.form.input}
              error={e.input}
              required
            />
            <InputField
              name="output"
              label="Output, USD per million tokens"
              type="number"
              min="0"
              max="10000"
              step="any"
              value={props.form.output}
              error={e.output}
              required
            />
            <button class="btn btn-primary" type="submit">
              Save price
            </button>
          </form>
        </section>
      )}
      <section class="section" aria-labelledby="prices-heading">
        <h2 class="section-title" id="prices-heading">
          Prices in force
        </h2>
        <div class="card table-wrap">
          <table class="table" id="prices">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col" class="num">
                  Input / M
                </th>
                <th scope="col" class="num">
                  Output / M
                </th>
                <th scope="col">Source</th>
                {canWrite && (
                  <th scope="col">
                    <span class="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {props.prices.map((p) => (
                <tr>
                  <th scope="row">
                    <code>{p.model}</code>
                  </th>
                  <td class="num">{usd(p.input_per_mtok_usd)}</td>
                  <td class="num">{usd(p.output_per_mtok_usd)}</td>
                  <td>{p.source === 'override' ? <span class="badge">Your price</span> : <span class="muted">Default</span>}</td>
                  {canWrite && (
                    <td class="actions">
                      {p.source === 'override' && (
                        <form method="post" action="/app/analytics/prices/reset">
                          <Csrf token={props.base.csrfToken} />
                          <input type="hidden" name="model" value={p.model} />
                          <button class="btn btn-ghost btn-sm" type="submit">
                            Reset<span class="sr-only"> {p.model} to its default</span>
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
    </AppLayout>
  );
}
