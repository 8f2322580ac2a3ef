// Queue consumers, dispatched by queue name: usage events are written to D1 in one batch per delivery.
import { writeUsageEvents } from '../db/usage-writer';
import type { Bindings } from '../env';
import { isUsageEvent } from './usage-events';

export async function handleQueue(batch: MessageBatch, env: Bindings, _ctx: ExecutionContext): Promise<void> {
  if (batch.queue.startsWith('edgent-events')) {
    const good = batch.messages.filter((m) => isUsageEvent(m.body));
    // Malformed messages can never succeed: acknowledge them so they do not loop; the rest retry as a batch.
    for (const m of batch.messages) if (!isUsageEvent(m.body)) m.ack();
    try {
      await writeUsageEvents(env, good.map((m) => m.body as never));
      for (const m of good) m.ack();
    } catch (e) {
      console.error(JSON.stringify({ level: 'error', msg: 'usage batch failed, retrying', count: good.length, error: String(e) }));
      for (const m of good) m.retry({ delaySeconds: 5 });
    }
    return;
  }
  // Orchestration steps arrive with the orchestration issue; until then nothing produces them.
  batch.ackAll();
}
