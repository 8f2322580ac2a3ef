// The reference of `npm run bench:workflows` (scripts/bench-workflows.mjs): the same chain of N steps as the
// platform's benchmark workflow, written as a Cloudflare Workflow (one `step.do` per step, each adding one to the
// previous step's value), run by the local Workflows engine of the same `wrangler dev`.
//   GET /run?steps=100 → starts an instance, waits for it to end (polling its status) → {status, output, ms}
//   GET /healthz → {ok: true}
import { WorkflowEntrypoint } from 'cloudflare:workers';

export class Chain extends WorkflowEntrypoint {
  async run(event, step) {
    let value = 0;
    for (let i = 0; i < event.payload.steps; i++) {
      const previous = value;
      value = await step.do(`s${i}`, async () => previous + 1);
    }
    return value;
  }
}

const ENDED = new Set(['complete', 'errored', 'terminated']);

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/healthz') return Response.json({ ok: true });
    if (url.pathname !== '/run') return new Response('not found', { status: 404 });
    const steps = Math.min(1000, Math.max(1, Number(url.searchParams.get('steps') ?? 100)));
    const t0 = Date.now();
    const instance = await env.CHAIN.create({ params: { steps } });
    let status = await instance.status();
    while (!ENDED.has(status.status)) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      status = await instance.status();
    }
    return Response.json({ status: status.status, output: status.output ?? null, error: status.error ?? null, ms: Date.now() - t0 });
  },
};
