// The benchmark floors (scripts/bench-chat.mjs): a bare Worker that forwards a POST body to the LLM upstream's
// `/chat/completions` and returns its streaming body untouched. No routing, auth or storage, so its time to first
// token is what any Worker running under `wrangler dev` adds on top of the upstream. Under `/hop/` the same call is
// made from a Durable Object (one object per session id in the path, RPC returning the body stream), which is the
// floor of any design where a conversation lives in an object, as Edgent's does.
import { DurableObject } from 'cloudflare:workers';

async function forward(env, body, auth) {
  const upstream = await fetch(`${env.UPSTREAM}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth ?? 'Bearer bench' },
    body,
  });
  return { status: upstream.status, body: upstream.body };
}

export class Hop extends DurableObject {
  async forward(body, auth) {
    return forward(this.env, body, auth);
  }
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === '/healthz') return Response.json({ ok: true });
    if (request.method !== 'POST') return new Response('Not found', { status: 404 });
    const hop = /^\/hop\/([^/]+)\//.exec(pathname);
    const auth = request.headers.get('authorization');
    const r = hop ? await env.HOP.get(env.HOP.idFromName(hop[1])).forward(await request.text(), auth) : await forward(env, request.body, auth);
    return new Response(r.body, { status: r.status, headers: { 'content-type': 'text/event-stream' } });
  },
};
