// The benchmark floor (scripts/bench-chat.mjs): a bare Worker that forwards a POST body to the LLM upstream's
// `/chat/completions` and returns its streaming body untouched. No routing, auth, storage or Durable Object, so
// its time to first token is what any Worker running under `wrangler dev` adds on top of the upstream.
export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === '/healthz') return Response.json({ ok: true });
    if (request.method !== 'POST') return new Response('Not found', { status: 404 });
    const upstream = await fetch(`${env.UPSTREAM}/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': request.headers.get('content-type') ?? 'application/json',
        authorization: request.headers.get('authorization') ?? 'Bearer bench',
      },
      body: request.body,
    });
    return new Response(upstream.body, { status: upstream.status, headers: upstream.headers });
  },
};
