// Queue consumers, dispatched by queue name: usage events, API request logs and refused embed origins are written
// to D1 in batches; knowledge documents are ingested (knowledge-ingest.ts).
import { writeApiRequests } from '../db/api-request-writer';
import { writeAuditEvents } from '../db/audit-writer';
import { writeRefusedOrigins } from '../db/refused-origins-writer';
import { writeSearchEvents } from '../db/search-writer';
import { writeUsageEvents } from '../db/usage-writer';
import { writeWorkflowRuns } from '../db/workflow-run-writer';
import type { Bindings } from '../env';
import { reportOverage } from '../billing/meter-reporting';
import { countQueuedTurns } from '../services/meter-batch';
import { isApiRequestBatch } from './api-request-events';
import { isAuditEvent } from './audit-events';
import { isRefusedOriginEvent } from './refused-origin-events';
import { isSearchEvent } from './search-events';
import { handleKnowledgeDeadLetters, handleKnowledgeIngest } from './knowledge-ingest';
import { handleOrchestration, handleOrchestrationDeadLetters } from './orchestration';
import { isUsageEvent } from './usage-events';
import { isWorkflowRunEvent } from './workflow-run-events';

/** Writes one kind of message in one go; on failure those messages retry as a batch. */
async function writeAll(messages: readonly Message[], write: () => Promise<void>, what: string) {
  if (!messages.length) return;
  try {
    await write();
    for (const m of messages) m.ack();
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', msg: `${what} batch failed, retrying`, count: messages.length, error: String(e) }));
    for (const m of messages) m.retry({ delaySeconds: 5 });
  }
}

export async function handleQueue(batch: MessageBatch, env: Bindings, _ctx: ExecutionContext): Promise<void> {
  if (batch.queue.startsWith('edgent-events')) {
    const usage = batch.messages.filter((m) => isUsageEvent(m.body));
    const requests = batch.messages.filter((m) => isApiRequestBatch(m.body));
    const refused = batch.messages.filter((m) => isRefusedOriginEvent(m.body));
    const audit = batch.messages.filter((m) => isAuditEvent(m.body));
    const runs = batch.messages.filter((m) => isWorkflowRunEvent(m.body));
    const search = batch.messages.filter((m) => isSearchEvent(m.body));
    // Malformed messages can never succeed: acknowledge them so they do not loop; the rest retry as a batch.
    for (const m of batch.messages)
      if (
        !isUsageEvent(m.body) &&
        !isApiRequestBatch(m.body) &&
        !isRefusedOriginEvent(m.body) &&
        !isAuditEvent(m.body) &&
        !isWorkflowRunEvent(m.body) &&
        !isSearchEvent(m.body)
      )
        m.ack();
    await Promise.all([
      writeAll(
        usage,
        // Usage rows and rollups, overage turns to Stripe's meter, and turns the budget meter has not counted yet (all
        // exact under redelivery).
        () =>
          Promise.all([
            writeUsageEvents(
              env,
              usage.map((m) => m.body as never),
            ),
            reportOverage(
              env,
              usage.map((m) => m.body as never),
            ),
            countQueuedTurns(
              env,
              usage.map((m) => m.body as never),
            ),
          ]).then(() => {}),
        'usage',
      ),
      writeAll(
        requests,
        () =>
          writeApiRequests(
            env,
            requests.flatMap((m) => (m.body as { events: never[] }).events),
          ),
        'api request log',
      ),
      writeAll(
        refused,
        () =>
          writeRefusedOrigins(
            env,
            refused.map((m) => m.body as never),
          ),
        'refused origins',
      ),
      writeAll(
        audit,
        () =>
          writeAuditEvents(
            env,
            audit.map((m) => m.body as never),
          ),
        'audit',
      ),
      writeAll(
        runs,
        () =>
          writeWorkflowRuns(
            env,
            runs.map((m) => m.body as never),
          ),
        'workflow runs',
      ),
      writeAll(
        search,
        () =>
          writeSearchEvents(
            env,
            search.map((m) => m.body as never),
          ),
        'search index',
      ),
    ]);
    return;
  }
  if (batch.queue.startsWith('edgent-orchestration-dlq')) return handleOrchestrationDeadLetters(batch, env);
  if (batch.queue.startsWith('edgent-orchestration')) return handleOrchestration(batch, env);
  if (batch.queue.startsWith('edgent-knowledge-dlq')) return handleKnowledgeDeadLetters(batch, env);
  if (batch.queue.startsWith('edgent-knowledge')) return handleKnowledgeIngest(batch, env);
  batch.ackAll();
}
