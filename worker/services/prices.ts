/**
 * Model prices (USD per million input / output tokens) and the cost of a turn. Defaults for well-known models live
 * here (list prices; an organization sets its own with PUT /api/v1/model-prices/:model, which wins); dated variants
 * resolve to their family (`gpt-4o-2024-08-06` → `gpt-4o`, `claude-3-5-sonnet-20241022` → `claude-3-5-sonnet`).
 * Overrides are read once per tenant and remembered per isolate for PRICE_TTL_MS; a change forgets them in this
 * isolate at once, other isolates see it within the TTL. Cost is computed once, after the turn (turn-report.ts), with
 * the price at that time: a price change affects later turns only.
 */
import { tenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';

export type Price = { input: number; output: number };
export type PriceSource = 'default' | 'override';

/** Platform defaults, USD per million tokens (input, output). Keys are model families, lower case. */
export const DEFAULT_PRICES: Readonly<Record<string, Price>> = {
  // OpenAI
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4-turbo': { input: 10, output: 30 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  o1: { input: 15, output: 60 },
  'o1-mini': { input: 1.1, output: 4.4 },
  o3: { input: 2, output: 8 },
  'o3-mini': { input: 1.1, output: 4.4 },
  'o4-mini': { input: 1.1, output: 4.4 },
  // Anthropic
  'claude-opus-4-5': { input: 5, output: 25 },
  'claude-opus-4-1': { input: 15, output: 75 },
  'claude-opus-4': { input: 15, output: 75 },
  'claude-sonnet-4-5': { input: 3, output: 15 },
  'claude-sonnet-4': { input: 3, output: 15 },
  'claude-haiku-4-5': { input: 1, output: 5 },
  'claude-3-7-sonnet': { input: 3, output: 15 },
  'claude-3-5-sonnet': { input: 3, output: 15 },
  'claude-3-5-haiku': { input: 0.8, output: 4 },
  'claude-3-opus': { input: 15, output: 75 },
  'claude-3-haiku': { input: 0.25, output: 1.25 },
  // Workers AI text models (the AI binding; list prices converted from neurons)
  '@cf/meta/llama-3.1-8b-instruct': { input: 0.282, output: 0.827 },
  '@cf/meta/llama-3.1-8b-instruct-fp8': { input: 0.152, output: 0.287 },
  '@cf/meta/llama-3.1-8b-instruct-fp8-fast': { input: 0.045, output: 0.384 },
  '@cf/meta/llama-3.1-8b-instruct-awq': { input: 0.123, output: 0.266 },
  '@cf/meta/llama-3.1-70b-instruct': { input: 0.293, output: 2.253 },
  '@cf/meta/llama-3.2-1b-instruct': { input: 0.027, output: 0.201 },
  '@cf/meta/llama-3.2-3b-instruct': { input: 0.051, output: 0.335 },
  '@cf/meta/llama-3.2-11b-vision-instruct': { input: 0.049, output: 0.676 },
  '@cf/meta/llama-3.3-70b-instruct-fp8-fast': { input: 0.293, output: 2.253 },
  '@cf/meta/llama-3-8b-instruct': { input: 0.282, output: 0.827 },
  '@cf/meta/llama-4-scout-17b-16e-instruct': { input: 0.27, output: 0.85 },
  '@cf/mistral/mistral-7b-instruct-v0.1': { input: 0.11, output: 0.19 },
  '@cf/mistralai/mistral-small-3.1-24b-instruct': { input: 0.351, output: 0.555 },
  '@cf/google/gemma-3-12b-it': { input: 0.345, output: 0.556 },
  '@cf/qwen/qwq-32b': { input: 0.66, output: 1 },
  '@cf/qwen/qwen2.5-coder-32b-instruct': { input: 0.66, output: 1 },
  '@cf/deepseek-ai/deepseek-r1-distill-qwen-32b': { input: 0.497, output: 4.881 },
};

/** The family a model name belongs to: lower case, without a provider prefix or a date / `-latest` suffix. */
export function modelFamily(model: string): string {
  let m = model.trim().toLowerCase();
  m = m.replace(/^(openai|anthropic)\//, '');
  m = m.replace(/-(latest|\d{4}-\d{2}-\d{2}|\d{8}|\d{4})$/, '');
  return m;
}

/** The platform's default price of a model (its own name first, then its family), or null. */
export function defaultPrice(model: string): Price | null {
  return DEFAULT_PRICES[model] ?? DEFAULT_PRICES[model.toLowerCase()] ?? DEFAULT_PRICES[modelFamily(model)] ?? null;
}

/** A price from overrides (the model's own name, then its family) or the defaults. */
export function resolvePrice(overrides: ReadonlyMap<string, Price>, model: string): { price: Price; source: PriceSource } | null {
  const own = overrides.get(model) ?? overrides.get(modelFamily(model));
  if (own) return { price: own, source: 'override' };
  const d = defaultPrice(model);
  return d ? { price: d, source: 'default' } : null;
}

export const PRICE_TTL_MS = 60_000;
const MAX_TENANTS = 5_000;
const cache = new Map<string, { overrides: Map<string, Price>; until: number }>();

/** The tenant's overrides by model, from this isolate's cache or D1. */
export async function tenantOverrides(env: Pick<Bindings, 'DB'>, tenantId: string, now = Date.now()): Promise<Map<string, Price>> {
  const hit = cache.get(tenantId);
  if (hit && now < hit.until) return hit.overrides;
  const rows = await tenantDb(env, tenantId).modelPrices.list();
  const overrides = new Map(rows.map((r) => [r.model, { input: r.inputPerMtokUsd, output: r.outputPerMtokUsd }]));
  cache.delete(tenantId);
  if (cache.size >= MAX_TENANTS) cache.delete(cache.keys().next().value!);
  cache.set(tenantId, { overrides, until: now + PRICE_TTL_MS });
  return overrides;
}

/** Forgets the tenant's overrides in this isolate (after a price was set or removed). */
export function forgetPrices(tenantId: string): void {
  cache.delete(tenantId);
}

/** The price of `model` for the tenant (override, else default), or null when there is none. */
export async function priceFor(env: Pick<Bindings, 'DB'>, tenantId: string, model: string): Promise<Price | null> {
  return resolvePrice(await tenantOverrides(env, tenantId), model)?.price ?? null;
}

const NANO_PER_USD = 1_000_000_000n;
const TOKENS_PER_PRICE_UNIT = 1_000_000n;

/** USD per million tokens → whole nano-dollars per million tokens (prices are kept to 1e-9 USD). */
const nanoPerMtok = (usd: number): bigint => BigInt(Math.round(usd * 1e9));

/**
 * The cost in USD of `input` / `output` tokens at `price`, rounded (half up) to 1e-9 USD with exact integer
 * arithmetic: no float drift however many turns are summed from it. Null when there is no price.
 */
export function costUsd(price: Price | null, input: number, output: number): number | null {
  if (!price) return null;
  const nanoTimesMtok = BigInt(Math.max(0, Math.trunc(input))) * nanoPerMtok(price.input) + BigInt(Math.max(0, Math.trunc(output))) * nanoPerMtok(price.output);
  const nano = (nanoTimesMtok + TOKENS_PER_PRICE_UNIT / 2n) / TOKENS_PER_PRICE_UNIT;
  const whole = nano / NANO_PER_USD;
  const frac = nano % NANO_PER_USD;
  return Number(`${whole}.${frac.toString().padStart(9, '0')}`);
}

/**
 * The cost of a turn's tokens at the tenant's price for its model, or null without a price. Never throws: when the
 * overrides cannot be read the default price counts (the usage event must go out whatever happens).
 */
export async function turnCostUsd(
  env: Pick<Bindings, 'DB'>,
  tenantId: string,
  model: string,
  usage: { input_tokens: number; output_tokens: number },
): Promise<number | null> {
  let price: Price | null;
  try {
    price = await priceFor(env, tenantId, model);
  } catch {
    price = defaultPrice(model);
  }
  return costUsd(price, usage.input_tokens, usage.output_tokens);
}
