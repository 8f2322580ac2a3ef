// Analytics pages: the organization's (/app/analytics), one agent's tab (/app/agents/:id/analytics) and the model
// prices (/app/analytics/prices, set and reset by admins). The query (range, from, to, group) is validated into a
// readable problem and a 400 page, never a 500; an htmx request gets just #analytics-body.
import { Hono, type Context } from 'hono';
import { AgentAnalyticsBody, AgentAnalyticsPage, AGENT_GROUPS } from '../../../views/pages/agent-analytics-page';
import { AnalyticsBody, AnalyticsPage } from '../../../views/pages/analytics-page';
import { ModelPricesPage, type PriceForm } from '../../../views/pages/model-prices-page';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { actorOf } from '../../lib/actor';
import { deleteModelPrice, listModelPrices, setModelPrice } from '../../services/model-prices';
import { agentNames, getAgent } from '../../services/agents';
import { agentAnalyticsView, analyticsView } from '../../services/analytics-pages';
import { parseParams, rangeDays, rangeOf } from '../../services/analytics-view';
import { permit } from '../../services/permissions';
import { fieldErrors, formBody, layoutBase, text, wantsFragment } from './support/page-helpers';

/** A price field: a number of USD per million tokens from 0 to 10,000, or a readable problem. */
function priceField(raw: string, errors: Record<string, string>, name: string): number {
  const n = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 10_000) errors[name] = 'Give a price from 0 to 10,000 USD per million tokens.';
  return n;
}

async function pricesPage(c: Context<AppEnv>, form: PriceForm, status: 200 | 400 = 200, errors: Record<string, string> = {}, message?: string) {
  const [base, list] = await Promise.all([layoutBase(c), listModelPrices(c.var.db)]);
  const saved = c.req.query('saved');
  const reset = c.req.query('reset');
  return c.html(
    <ModelPricesPage
      base={base}
      prices={list.data}
      unpriced={list.unpriced}
      form={form}
      errors={errors}
      message={message}
      saved={saved ? { model: saved, reset: false } : reset ? { model: reset, reset: true } : null}
    />,
    status,
  );
}

export const analyticsPages = new Hono<AppEnv>()
  .get('/analytics', permit('analytics:read'), async (c) => {
    const now = Date.now();
    const { params, problems } = parseParams(c.req.query(), undefined, now);
    const ok = !problems.length;
    const [view, names] = await Promise.all([ok ? analyticsView(c.env, c.var.db, params, now) : null, agentNames(c.var.db)]);
    const byId = new Map(names.map((a) => [a.id, a.name]));
    const body = {
      params,
      problems,
      view,
      now,
      days: rangeDays(rangeOf(ok ? params : { ...params, range: '7d' }, now)),
      agentName: (id: string) => byId.get(id),
    };
    if (!ok) c.status(400);
    if (wantsFragment(c)) return c.html(<AnalyticsBody {...body} />);
    return c.html(<AnalyticsPage base={await layoutBase(c)} {...body} />);
  })
  .get('/agents/:id/analytics', permit('analytics:read'), async (c) => {
    const now = Date.now();
    const agent = await getAgent(c.var.db, c.req.param('id'));
    const { params, problems } = parseParams(c.req.query(), AGENT_GROUPS, now);
    const ok = !problems.length;
    const view = ok ? await agentAnalyticsView(c.env, c.var.db, agent.id, params, now) : null;
    const body = { agentId: agent.id, params, problems, view, days: rangeDays(rangeOf(ok ? params : { ...params, range: '7d' }, now)) };
    if (!ok) c.status(400);
    if (wantsFragment(c)) return c.html(<AgentAnalyticsBody {...body} />);
    const head = { id: agent.id, name: agent.name, model: agent.model, version: agent.version, description: agent.description };
    return c.html(<AgentAnalyticsPage base={await layoutBase(c)} agent={head} {...body} />);
  })
  .get('/analytics/prices', permit('analytics:read'), (c) => pricesPage(c, { model: (c.req.query('model') ?? '').slice(0, 200), input: '', output: '' }))
  .post('/analytics/prices', permit('analytics:write'), async (c) => {
    const body = await formBody(c);
    const form = { model: text(body, 'model').trim(), input: text(body, 'input'), output: text(body, 'output') };
    const errors: Record<string, string> = {};
    if (!form.model) errors.model = 'Name the model.';
    const input = priceField(form.input, errors, 'input');
    const output = priceField(form.output, errors, 'output');
    if (Object.keys(errors).length) return pricesPage(c, form, 400, errors, 'Check the fields below.');
    try {
      await setModelPrice(c.var.db, form.model, { input_per_mtok_usd: input, output_per_mtok_usd: output }, actorOf(c));
    } catch (e) {
      const f = fieldErrors(e);
      return pricesPage(c, form, 400, f.errors, f.message);
    }
    return c.redirect(`/app/analytics/prices?saved=${encodeURIComponent(form.model)}`, 303);
  })
  .post('/analytics/prices/reset', permit('analytics:write'), async (c) => {
    const model = text(await formBody(c), 'model').trim();
    try {
      await deleteModelPrice(c.var.db, model, actorOf(c));
    } catch (e) {
      if (!(e instanceof AppError) || (e.status !== 404 && e.status !== 400)) throw e;
      return pricesPage(c, { model: '', input: '', output: '' }, 400, {}, 'That model has no price of your own to reset.');
    }
    return c.redirect(`/app/analytics/prices?reset=${encodeURIComponent(model)}`, 303);
  });
