// Worker entry: the HTTP app, the queue consumers, and the Durable Object / Container classes wrangler binds.
import { app } from './app';
import { rewrapAll } from './crypto/envelope';
import { trimAuditLog } from './db/audit-retention';
import { trimRawAnalytics } from './db/analytics-retention';
import { trimSearchIndex } from './db/search-writer';
import type { Bindings } from './env';
import { handleQueue } from './queues/consumer';
import { enqueueDueRefreshes } from './services/knowledge-documents';
import { refreshAllListingStats } from './services/marketplace-search';

export { AgentSession } from '../durable-objects/agent-session';
export { RateLimiter } from '../durable-objects/rate-limiter';
export { BudgetMeter } from '../durable-objects/budget-meter';
export { KnowledgeBase } from '../durable-objects/knowledge-base';
export { Scheduler } from '../durable-objects/scheduler';
export { WorkflowRun } from '../durable-objects/workflow-run';
export { ToolRunner } from '../containers/tool-runner/container';

export default {
  fetch: app.fetch,
  queue: (batch, env, ctx) => handleQueue(batch, env, ctx),
  /**
   * Hourly: finishes a master-key rotation by re-wrapping any data key still under an older key (idempotent), and
   * trims audit entries past their retention (a year), and recomputes marketplace listings' usage-verified counters
   * (installs, conversations, popularity: worker/db/marketplace-catalog.ts), and queues knowledge documents added by
   * URL whose refresh is due (worker/services/knowledge-documents.ts).
   */
  scheduled: async (_controller, env, ctx) => {
    ctx.waitUntil(
      rewrapAll(env).then((r) => {
        if (r.rewrapped || r.failed.length)
          console.log(JSON.stringify({ level: r.failed.length ? 'error' : 'info', msg: 'data keys re-wrapped', ...r, failed: r.failed.length }));
      }),
    );
    ctx.waitUntil(
      trimAuditLog(env).then(
        (n) => n && console.log(JSON.stringify({ level: 'info', msg: 'audit log trimmed', rows: n })),
        (e) => console.error(JSON.stringify({ level: 'error', msg: 'audit log trim failed', error: String(e) })),
      ),
    );
    ctx.waitUntil(
      trimRawAnalytics(env).then(
        (rows) => Object.values(rows).some(Boolean) && console.log(JSON.stringify({ level: 'info', msg: 'raw analytics trimmed', rows })),
        (e) => console.error(JSON.stringify({ level: 'error', msg: 'raw analytics trim failed', error: String(e) })),
      ),
    );
    ctx.waitUntil(
      trimSearchIndex(env).then(
        (n) => n && console.log(JSON.stringify({ level: 'info', msg: 'search index trimmed', messages: n })),
        (e) => console.error(JSON.stringify({ level: 'error', msg: 'search index trim failed', error: String(e) })),
      ),
    );
    ctx.waitUntil(
      refreshAllListingStats(env).then(
        (n) => n && console.log(JSON.stringify({ level: 'info', msg: 'marketplace popularity refreshed', listings: n })),
        (e) => console.error(JSON.stringify({ level: 'error', msg: 'marketplace popularity refresh failed', error: String(e) })),
      ),
    );
    ctx.waitUntil(
      enqueueDueRefreshes(env).then(
        (n) => n && console.log(JSON.stringify({ level: 'info', msg: 'knowledge URL documents queued for refresh', documents: n })),
        (e) => console.error(JSON.stringify({ level: 'error', msg: 'knowledge refresh scheduling failed', error: String(e) })),
      ),
    );
  },
} satisfies ExportedHandler<Bindings>;
