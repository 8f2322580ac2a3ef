/**
 * Model prices as the API shows and changes them (GET/PUT/DELETE /api/v1/model-prices): the platform's defaults
 * merged with the organization's overrides (each marked with its `source`), plus the models seen in the
 * organization's usage (last 90 days) that have no price, listed by name in `unpriced` so someone can set one.
 * Changes are audited and forget the isolate's price cache for the tenant (worker/services/prices.ts).
 */
import type { ModelPriceRow } from '../db/repos/model-prices';
import type { TenantDb } from '../db/tenant-db';
import { AppError, notFound } from '../errors';
import type { Actor } from '../lib/actor';
import { iso } from '../lib/iso';
import type { ModelPriceJson } from '../schemas/analytics';
import { DEFAULT_PRICES, forgetPrices, resolvePrice } from './prices';

const SEEN_DAYS = 90;

export type ModelPriceList = { data: ModelPriceJson[]; unpriced: string[] };

const overrideJson = (r: ModelPriceRow): ModelPriceJson => ({
  model: r.model,
  input_per_mtok_usd: r.inputPerMtokUsd,
  output_per_mtok_usd: r.outputPerMtokUsd,
  source: 'override',
  updated_at: iso(r.updatedAt),
});

export async function listModelPrices(db: TenantDb, now = Date.now()): Promise<ModelPriceList> {
  const [rows, seen] = await Promise.all([db.modelPrices.list(), db.analytics.modelsSeen(now - SEEN_DAYS * 86_400_000)]);
  const own = new Map(rows.map((r) => [r.model, r]));
  const data: ModelPriceJson[] = rows.map(overrideJson);
  for (const [model, p] of Object.entries(DEFAULT_PRICES))
    if (!own.has(model)) data.push({ model, input_per_mtok_usd: p.input, output_per_mtok_usd: p.output, source: 'default', updated_at: null });
  data.sort((a, b) => a.model.localeCompare(b.model));
  const overrides = new Map(rows.map((r) => [r.model, { input: r.inputPerMtokUsd, output: r.outputPerMtokUsd }]));
  const unpriced = seen.filter((m) => !resolvePrice(overrides, m)).sort();
  return { data, unpriced };
}

/** A model name as a path parameter: 1–200 printable characters (names may hold `/`, `@`, `:` and `.`). */
export function checkModelName(model: string): string {
  const m = model.trim();
  if (!m || m.length > 200 || /[\u0000-\u001f\u007f]/.test(m))
    throw new AppError('validation_failed', 'Invalid model name', [{ path: 'model', message: 'must be 1 to 200 printable characters' }]);
  return m;
}

export async function setModelPrice(
  db: TenantDb,
  model: string,
  input: { input_per_mtok_usd: number; output_per_mtok_usd: number },
  actor: Actor,
): Promise<ModelPriceJson> {
  const name = checkModelName(model);
  const before = await db.modelPrices.get(name);
  const row = await db.modelPrices.put(name, input.input_per_mtok_usd, input.output_per_mtok_usd, actor.userId ?? actor.id ?? null);
  forgetPrices(db.tenantId);
  actor.audit({
    action: 'model_price.update',
    resource: { type: 'model_price', id: name },
    changes: {
      input_per_mtok_usd: { ...(before ? { before: before.inputPerMtokUsd } : {}), after: row.inputPerMtokUsd },
      output_per_mtok_usd: { ...(before ? { before: before.outputPerMtokUsd } : {}), after: row.outputPerMtokUsd },
    },
  });
  return overrideJson(row);
}

/** Removes the organization's override: the model goes back to its default price (or none). 404 without one. */
export async function deleteModelPrice(db: TenantDb, model: string, actor: Actor): Promise<void> {
  const name = checkModelName(model);
  const before = await db.modelPrices.get(name);
  if (!before || !(await db.modelPrices.remove(name))) throw notFound('Model price override');
  forgetPrices(db.tenantId);
  actor.audit({
    action: 'model_price.delete',
    resource: { type: 'model_price', id: name },
    changes: { input_per_mtok_usd: { before: before.inputPerMtokUsd }, output_per_mtok_usd: { before: before.outputPerMtokUsd } },
  });
}
