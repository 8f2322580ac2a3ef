// Bench-only Worker for `npm run bench:analytics`: POST /write {events} runs the real EVENTS writer and answers the
// time it took inside workerd; POST /step {name, sql: [...]} runs seeding statements in one batch, once per name (a
// retried step whose batch committed is skipped); POST /rebuild {tenant} derives the collapsed rollup rows from the
// full ones (worker/db/rollup-grains.ts, as migration 0019 does); POST /first {sql, params} answers one row; POST /time {sql, params,
// runs} answers how long each run of a read took inside workerd.
import { rebuildCollapsedSql } from '../../worker/db/rollup-grains';
import { writeUsageEvents } from '../../worker/db/usage-writer';
import type { UsageEvent } from '../../worker/queues/usage-events';

type Body = { events?: UsageEvent[]; sql?: string | string[]; name?: string; params?: unknown[]; runs?: number; tenant?: string };

async function step(db: D1Database, name: string, sqls: string[]): Promise<boolean> {
  await db.prepare('create table if not exists bench_steps (name text primary key)').run();
  if (await db.prepare('select 1 from bench_steps where name = ?').bind(name).first()) return false;
  await db.batch([...sqls.map((q) => db.prepare(q)), db.prepare('insert into bench_steps (name) values (?)').bind(name)]);
  return true;
}

export default {
  async fetch(req: Request, env: { DB: D1Database }): Promise<Response> {
    const path = new URL(req.url).pathname;
    if (req.method !== 'POST') return new Response('ok');
    const body = (await req.json()) as Body;
    const t0 = Date.now();
    try {
      if (path === '/write') await writeUsageEvents(env, body.events ?? []);
      else if (path === '/rebuild') await step(env.DB, `rebuild ${body.tenant}`, rebuildCollapsedSql(String(body.tenant)));
      else if (path === '/step') await step(env.DB, String(body.name), Array.isArray(body.sql) ? body.sql : [String(body.sql)]);
      else if (path === '/first') {
        const row = await env.DB.prepare(String(body.sql))
          .bind(...(body.params ?? []))
          .first();
        return Response.json(row);
      } else if (path === '/time') {
        const times: number[] = [];
        for (let i = 0; i < (body.runs ?? 10); i++) {
          const t = performance.now();
          await env.DB.prepare(String(body.sql))
            .bind(...(body.params ?? []))
            .all();
          times.push(performance.now() - t);
        }
        return Response.json({ times });
      } else return new Response('not found', { status: 404 });
    } catch (e) {
      return new Response(String(e), { status: 500 });
    }
    return Response.json({ ms: Date.now() - t0 });
  },
};
