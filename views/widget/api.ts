// The widget's client for the visitor API (/embed/v1/:pk/…): config, the conversation kept in localStorage (session
// id + visitor token), history, and replies streamed as SSE over fetch (no cookies, ever).
import type { WidgetConfig } from '../../sdk/src/generated/api';

/** GET /embed/v1/:pk/config (the SDK's type, generated from the OpenAPI document). */
export type Config = WidgetConfig;
/** A history message; answers carry their id and the rating this conversation gave them. */
export type Msg = {
  id?: string;
  role: string;
  content: string;
  feedback?: string | null;
  file?: { id?: string; name: string; bytes: number };
  citations?: Cite[];
};
/** A knowledge passage an answer cites as [n]: the widget expands it in place (visitors have no account). */
export type Cite = { n: number; title: string; text: string };
type Saved = { s: string; t: string; e: string };

/** A failed request: HTTP status (0 when the network or CORS refused it), Retry-After seconds for 429, and the server's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly retry = 0,
    readonly reason = '',
  ) {
    super(reason || `HTTP ${status}`);
  }
}

/** `api`: another visitor API of the same shape on `host` (a share link's page: `/s/<token>/api`). */
export function client(host: string, pk: string, api?: string) {
  const base = api ? host + api : `${host}/embed/v1/${pk}`;
  const slot = `edgent:${api ?? pk}`;
  let saved: Saved | null = null;
  try {
    saved = JSON.parse(localStorage.getItem(slot) || 'null');
  } catch {}

  const keep = (v: Saved | null) => {
    saved = v;
    try {
      v ? localStorage.setItem(slot, JSON.stringify(v)) : localStorage.removeItem(slot);
    } catch {}
  };

  async function call(path: string, init: RequestInit = {}, token?: string): Promise<Response> {
    const headers: Record<string, string> = {};
    if (typeof init.body === 'string') headers['content-type'] = 'application/json'; // a file goes as FormData
    if (token) headers.authorization = `Bearer ${token}`;
    let r: Response;
    try {
      r = await fetch(base + path, { ...init, headers, credentials: 'omit' });
    } catch {
      throw new ApiError(0);
    }
    if (!r.ok) {
      // Refusals a visitor can act on (origin, a file's type, size or content) keep the server's words.
      const reason = [400, 403, 413, 415].includes(r.status) ? ((await r.json().catch(() => null))?.error?.message ?? '') : '';
      throw new ApiError(r.status, Number(r.headers.get('retry-after')) || 0, reason);
    }
    return r;
  }

  const adopt = async (r: Response) => {
    const j = await r.json();
    keep({ s: j.session_id, t: j.token, e: j.expires_at });
  };

  /** Calls a conversation route with a live token: refreshes an expired one, or forgets a conversation that is gone. */
  async function authed(path: string, init?: RequestInit): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const s = saved!;
      try {
        if (Date.parse(s.e) - Date.now() < 30_000) throw new ApiError(401);
        return await call(`/sessions/${s.s}${path}`, init, s.t);
      } catch (e) {
        if (attempt || !(e instanceof ApiError) || e.status !== 401) {
          if (e instanceof ApiError && e.status === 404) keep(null);
          throw e;
        }
        try {
          await adopt(await call(`/sessions/${s.s}/token`, { method: 'POST' }, s.t));
        } catch (r) {
          if (r instanceof ApiError && r.status !== 429 && r.status) keep(null);
          throw r;
        }
      }
    }
  }

  /** The id of the last event of the reply read so far (`<turn>-<event>`), where a re-attach goes on from. */
  let last = '';
  /** The stored id of the last finished answer (thumbs under it), and the passages it cites. */
  let answer = '';
  let cites: Cite[] = [];

  /** Reads a reply's SSE frames; true once it ended (or there was nothing to send), false when the stream was cut. */
  async function read(r: Response, onDelta: (text: string) => void, signal: AbortSignal): Promise<boolean> {
    if (r.status === 204) return true;
    const reader = r.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return false;
        buf += dec.decode(value, { stream: true });
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const type = /^event: (.*)$/m.exec(frame)?.[1];
          const data = JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] || 'null');
          last = /^id: (.*)$/m.exec(frame)?.[1] || last;
          if (type === 'message.delta') onDelta(data.text);
          if (type === 'message.completed') {
            answer = data.message?.id || '';
            cites = data.message?.citations || [];
            return true;
          }
          if (type === 'error') throw new ApiError(data.code === 'cancelled' ? -1 : 500);
        }
      }
    } catch (e) {
      if (e instanceof ApiError || signal.aborted) throw e;
      return false; // the connection dropped mid-reply
    }
  }

  /** Re-attaches after a cut stream (GET …/stream?last_event_id=), a few times, waiting longer each time. */
  async function follow(onDelta: (text: string) => void, signal: AbortSignal): Promise<void> {
    for (let i = 0; i < 6; i++) {
      await new Promise((ok) => setTimeout(ok, i && 500 * 2 ** i));
      if (signal.aborted) throw new ApiError(-1);
      const before = last;
      try {
        if (await read(await authed(`/stream${last ? `?last_event_id=${last}` : ''}`, { signal }), onDelta, signal)) return;
      } catch (e) {
        if (!(e instanceof ApiError) || e.status || signal.aborted) throw e; // only a network failure is retried
      }
      if (last !== before) i = 0; // it got further: count again
    }
    throw new ApiError(0);
  }

  return {
    has: () => !!saved,
    answered: () => answer,
    cited: () => cites,
    /** Rates an answer ('up' | 'down'), or clears its rating (''). */
    rate: (id: string, rating: string) =>
      authed(`/messages/${id}/feedback`, rating ? { method: 'POST', body: JSON.stringify({ rating }) } : { method: 'DELETE' }),
    forget: () => keep(null),
    config: async (): Promise<Config> => (await call('/config')).json(),
    /** The original of a file attached in this conversation (its chip's id). */
    file: async (id: string) => (await authed(`/files/${id}`)).blob(),
    async history(): Promise<Msg[]> {
      return saved ? (await (await authed('/messages')).json()).data : [];
    },
    /** Sends a message and calls `onDelta` with each piece of the reply; resolves when the reply is complete. */
    async send(content: string, file: File | null, onDelta: (text: string) => void, signal: AbortSignal): Promise<void> {
      const start = async () => adopt(await call('/sessions', { method: 'POST' }));
      const body = () => {
        if (!file) return JSON.stringify({ content });
        const f = new FormData();
        f.set('content', content);
        f.set('file', file);
        return f;
      };
      const post = () => authed('/messages', { method: 'POST', body: body(), signal });
      if (!saved) await start();
      answer = '';
      cites = [];
      let r: Response;
      try {
        r = await post();
      } catch (e) {
        if (saved) throw e; // still our conversation: a real failure
        await start(); // it had expired for good or was deleted: carry on in a new one
        r = await post();
      }
      if (!(await read(r, onDelta, signal))) await follow(onDelta, signal);
    },
    /** Re-attaches to a reply still being written (a page reloaded mid-answer): the whole turn so far, then live. */
    resume(onDelta: (text: string) => void, signal: AbortSignal): Promise<void> {
      last = answer = '';
      cites = [];
      return follow(onDelta, signal);
    },
  };
}
