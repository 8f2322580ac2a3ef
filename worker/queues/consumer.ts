// Queue consumers, dispatched by queue name. Usage events and orchestration steps land here (later issues).
import type { Bindings } from '../env';

export async function handleQueue(batch: MessageBatch, _env: Bindings, _ctx: ExecutionContext): Promise<void> {
  // No producer sends to these queues yet; acknowledge so nothing piles up in the dead-letter queue.
  batch.ackAll();
}
