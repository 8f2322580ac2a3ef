// Bench-only Worker for `npm run bench:analytics`: POST /write {events} runs the real EVENTS writer and answers the
// time it took inside workerd; POST /sql {sql} runs one seeding statement; POST /first {sql, params} answers a row.
import { writeUsageEvents } from '../../worker/db/usage-writer';
import type { UsageEvent } from '../../worker/queues/usage-events';

export default {
  async fetch(req: Request, env: { DB: D1Database }): Promise<Response> {
    const path = new URL(req.url).pathname;
    if (req.method !== 'POST') return new Response('ok');
    const body = (await req.json()) as { events?: UsageEvent[]; sql?: string; params?: unknown[] };
    const t0 = Date.now();
    try {
      if (path === '/write') await writeUsageEvents(env, body.events ?? []);
      else if (path === '/sql') await env.DB.prepare(body.sql!).run();
      else if (path === '/first')
        return Response.json(
          await env.DB.prepare(body.sql!)
            .bind(...(body.params ?? []))
            .first(),
        );
      else return new Response('not found', { status: 404 });
    } catch (e) {
      return new Response(String(e), { status: 500 });
    }
    return Response.json({ ms: Date.now() - t0 });
  },
};
