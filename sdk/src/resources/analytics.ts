// Analytics: usage over time (JSON rows or CSV) and model prices (defaults, the organization's overrides, unpriced models).
import type { Transport } from '../client.js';
import type { ModelPrice, ModelPriceInput, ModelPriceList, UsageParams, UsageRow } from '../types.js';

export class Analytics {
  constructor(private readonly t: Transport) {}

  /** Usage per hour or day (UTC): turns, tokens, cost, errors, latency percentiles, feedback; optionally grouped. */
  async usage(params: UsageParams = {}): Promise<UsageRow[]> {
    const r = await this.t.json<{ data: UsageRow[] }>('GET', '/api/v1/analytics/usage', { query: params });
    return r.data;
  }
}

export class ModelPrices {
  constructor(private readonly t: Transport) {}

  /** Every applicable price (`source`: default or override) and the models seen in usage without one. */
  list(): Promise<ModelPriceList> {
    return this.t.json('GET', '/api/v1/model-prices');
  }
  /** Sets the organization's price (USD per million tokens); later turns use it. Admins. */
  set(model: string, price: ModelPriceInput): Promise<ModelPrice> {
    return this.t.json('PUT', `/api/v1/model-prices/${encodeURIComponent(model)}`, { body: price });
  }
  /** Removes the organization's price: back to the default, if any. */
  delete(model: string): Promise<void> {
    return this.t.json('DELETE', `/api/v1/model-prices/${encodeURIComponent(model)}`);
  }
}
