// The ORCHESTRATION consumer: each message is one step attempt (or map element) of a run. It claims the attempt from
// the run object first (a duplicate or late delivery is acknowledged without executing), executes it, and reports
// the result back. The dead-letter queue's consumer tells the run object that the attempt could not be delivered.
import type { Bindings } from '../env';
import { executeStep } from '../services/workflow-steps';
import { runStub, startChildRun } from '../services/workflow-runs';
import { type OrchestrationMessage, isOrchestrationMessage } from './orchestration-message';
import type { StepClaim, StepReport } from './orchestration-message';

const stubFor = (env: Bindings, m: OrchestrationMessage) => runStub(env, m.tenant_id, m.run_id);

async function handleOne(env: Bindings, m: OrchestrationMessage): Promise<void> {
  const stub = stubFor(env, m);
  const claim = (await stub.claim(m.step_id, m.attempt, m.item_index ?? null)) as StepClaim | null;
  if (!claim) return;
  // Once claimed, a redelivery would find the attempt taken: an unexpected error is reported as a failed attempt
  // (retried with backoff by the object) rather than left to the queue.
  let report: StepReport;
  try {
    report = await executeStep(env, claim, { startChild: startChildRun });
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', msg: 'workflow step crashed', run: m.run_id, step: m.step_id, error: String(e) }));
    report = { ok: false, error: { code: 'internal_error', message: 'The step failed unexpectedly' }, retryable: true };
  }
  await stub.report(m.step_id, m.attempt, m.item_index ?? null, report);
}

export async function handleOrchestration(batch: MessageBatch, env: Bindings): Promise<void> {
  await Promise.all(
    batch.messages.map(async (msg) => {
      if (!isOrchestrationMessage(msg.body)) return msg.ack();
      try {
        await handleOne(env, msg.body);
        msg.ack();
      } catch (e) {
        console.error(
          JSON.stringify({ level: 'error', msg: 'orchestration step failed to run', run: msg.body.run_id, step: msg.body.step_id, error: String(e) }),
        );
        msg.retry({ delaySeconds: 2 });
      }
    }),
  );
}

/** Messages the queue gave up on: their attempts fail (no more retries) and so their runs fail. */
export async function handleOrchestrationDeadLetters(batch: MessageBatch, env: Bindings): Promise<void> {
  await Promise.all(
    batch.messages.map(async (msg) => {
      if (!isOrchestrationMessage(msg.body)) return msg.ack();
      const m = msg.body;
      try {
        await stubFor(env, m).deadLetter(m.step_id, m.attempt, m.item_index ?? null);
        msg.ack();
      } catch (e) {
        console.error(JSON.stringify({ level: 'error', msg: 'dead letter not recorded', run: m.run_id, step: m.step_id, error: String(e) }));
        msg.retry({ delaySeconds: 5 });
      }
    }),
  );
}
