// widget.js: `<script src="HOST/widget.js" data-agent="pk_…" async></script>` mounts the Edgent chat on any page
// and exposes `window.Edgent` (open, close, send, reset, on/off). Options are data attributes on the script tag.
import { client } from './api';
import { type Strings, strings } from './strings';
import { chat } from './view';

type Handler = (detail: unknown) => void;
type Chat = ReturnType<typeof chat>;

const json = (v: string | undefined) => {
  try {
    return v ? JSON.parse(v) : undefined;
  } catch {
    return undefined;
  }
};

function boot(s: HTMLScriptElement) {
  const d = s.dataset;
  const handlers: Record<string, Handler[]> = {};
  const emit = (type: string, detail?: unknown) => {
    for (const fn of handlers[type] ?? []) fn(detail);
    window.dispatchEvent(new CustomEvent(`edgent:${type}`, { detail }));
  };
  let ui: Chat | null = null;
  const queued: ((c: Chat) => void)[] = [];
  const later = (fn: (c: Chat) => void) => (ui ? fn(ui) : queued.push(fn));
  const api = {
    open: () => later((c) => c.open()),
    close: () => later((c) => c.close()),
    send: (text: string) => later((c) => c.send(text)),
    reset: () => later((c) => c.reset()),
    on: (type: string, fn: Handler) => ((handlers[type] ??= []).push(fn), api),
    off: (type: string, fn: Handler) => ((handlers[type] = (handlers[type] ?? []).filter((f) => f !== fn)), api),
  };
  (window as unknown as { Edgent: typeof api }).Edgent = api;

  const t = strings(d.lang || document.documentElement.lang, json(d.strings) as Partial<Strings> | undefined);
  const host = new URL(s.src).origin;
  const list = json(d.prompts);
  const prompts = Array.isArray(list) ? list.map(String) : d.prompts?.split('|').filter(Boolean);
  const mount = () => {
    const target = d.target ? document.querySelector(d.target) : null;
    // data-api: a share-link page's or a marketplace listing's try-it visitor API (same shape as the embed API), a path
    // on the widget's host: /s/:token/api or /marketplace/:slug/try/api.
    const apiPath = d.api && /^\/(s\/[\w-]+|marketplace\/[\w%-]+\/try)\/api$/.test(d.api) ? d.api : undefined;
    client(host, d.agent || '', apiPath)
      .config()
      .then((cfg) => {
        const o = {
          host,
          pk: d.agent || '',
          api: apiPath,
          target,
          t,
          title: d.title,
          greeting: d.greeting,
          prompts,
          color: d.color,
          position: d.position,
          mode: d.theme,
          avatar: d.avatar,
        };
        ui = chat(o, cfg, emit);
        for (const fn of queued.splice(0)) fn(ui);
        emit('ready');
        if (d.open === 'true') ui.open();
      })
      .catch((e) => {
        // Unknown or revoked key, or this site is not among the key's allowed origins: no chat rather than a broken
        // one, and a console line that tells the site owner what to do (the server's 403 names the origin).
        const pk = d.agent || '';
        if (e?.status === 403) console.warn(`[edgent] ${e.reason || `This site (${location.origin}) is not allowed for key ${pk}: add it in Agents → Embed`}`);
        else if (e?.status === 404) console.warn(`[edgent] The embed key ${pk} does not exist or was revoked: copy the snippet again from Agents → Embed`);
        else console.warn('[edgent] The chat could not start on this page.', e);
        if (target) target.textContent = t.offline;
        emit('error', { status: e?.status ?? 0, message: t.offline });
      });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
  else mount();
}

const current = (document.currentScript ?? document.querySelector('script[data-agent][src*="widget"]')) as HTMLScriptElement | null;
if (current) boot(current);
