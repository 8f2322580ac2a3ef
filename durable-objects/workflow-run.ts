/**
 * WorkflowRun: one Durable Object per workflow run (named `${tenantId}:${runId}` by the server). It holds the run's
 * state in its SQLite, decides which steps are ready, sends each ready step to the ORCHESTRATION queue, takes the
 * consumer's reports (ignoring duplicates: queues deliver at least once), and keeps time (timeouts, waits) with its
 * alarm. The engine lands in the orchestration issue's engine branch; this is the class wrangler binds.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Bindings } from '../worker/env';

export class WorkflowRun extends DurableObject<Bindings> {}
