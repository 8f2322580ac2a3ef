// The chat UI inside its Shadow DOM: launcher + dialog panel (or inline), the transcript with safe markdown, the
// composer, suggested prompts, focus trap and Escape, and a polite live region that announces finished replies.
import { renderMarkdown } from '../lib/markdown';
import { ApiError, type Cite, type Config, client } from './api';
import { h, icon } from './dom';
import type { Strings } from './strings';

export type Options = {
  host: string;
  pk: string;
  /** The visitor API's path when it is not the embed API (share-link pages). */
  api?: string;
  target: Element | null;
  t: Strings;
  title?: string;
  greeting?: string;
  prompts?: string[];
  color?: string;
  position?: string;
  mode?: string;
  avatar?: string;
};
export type Emit = (type: string, detail?: unknown) => void;

export function chat(o: Options, cfg: Config, emit: Emit) {
  const { t, target } = o;
  const th = cfg.theme;
  const api = client(o.host, o.pk, o.api);
  const title = o.title || th.title || cfg.agent.name || t.title;
  const greeting = o.greeting ?? cfg.greeting;
  const color = o.color || th.color;

  const el = document.createElement('edgent-chat');
  if (target) el.setAttribute('data-mode', 'inline');
  const root = el.attachShadow({ mode: 'open' });
  if (root.adoptedStyleSheets) {
    // A constructed sheet, not a <style>: a page's CSP without 'unsafe-inline' still lets it apply.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(WIDGET_CSS);
    root.adoptedStyleSheets = [sheet];
  } else root.append(h('style', {}, WIDGET_CSS));

  const w = h('div', { class: `w ${target ? 'inline' : 'float'} ${o.mode || th.mode || 'light'}${(o.position || th.position) === 'left' ? ' left' : ''}` });
  if (color) w.style.setProperty('--c', color);
  const log = h('div', { class: 'log', role: 'log', 'aria-live': 'off', 'aria-label': title, tabindex: '0' });
  const live = h('div', { class: 'sr', 'aria-live': 'polite' });
  const scroll = () => (log.scrollTop = log.scrollHeight);
  const bubble = (role: string, text: string) => {
    const b = h('div', { class: role === 'user' ? 'm u' : 'm' });
    if (role === 'user') b.textContent = text;
    else b.innerHTML = renderMarkdown(text); // escapes everything first; see views/lib/markdown.ts
    log.append(b);
    scroll();
    return b;
  };
  /** Thumbs under an answer: aria-pressed shows the rating; pressing the pressed one clears it. */
  const thumbs = (b: Element, id: string, rated?: string | null) => {
    let now = rated || '';
    const row = h('div', { class: 'fb' });
    const thumb = (r: 'up' | 'down', label: string) => {
      const x = h('button', { class: 'ico', type: 'button', 'aria-label': label, title: label, 'aria-pressed': String(now === r) }, icon(r));
      x.onclick = () =>
        api.rate(id, now === r ? '' : r).then(
          () => {
            now = now === r ? '' : r;
            for (const y of row.children) y.setAttribute('aria-pressed', String(y === x && !!now));
          },
          () => note(t.error),
        );
      return x;
    };
    row.append(thumb('up', t.good), thumb('down', t.bad));
    b.after(row);
  };
  /** The passages an answer cites, under it: each a [n] title that opens to show the passage's text. */
  const sources = (b: Element, list?: Cite[]) => {
    if (!list?.length) return;
    b.after(h('div', { class: 'src' }, ...list.map((c) => h('details', {}, h('summary', {}, `[${c.n}] ${c.title || t.source}`), h('p', {}, c.text)))));
    scroll();
  };
  const note = (text: string) => {
    log.append(h('div', { class: 'm e', role: 'alert' }, text));
    scroll();
  };

  const input = h('textarea', {
    rows: '1',
    placeholder: t.placeholder,
    'aria-label': t.input,
    oninput: grow,
    onkeydown: (e: KeyboardEvent) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        form.requestSubmit();
      }
    },
  });
  function grow() {
    input.style.height = 'auto';
    input.style.height = `${input.scrollHeight + 2}px`;
  }
  // Files in chat, when the agent takes them (cfg.attachments): a paperclip, the chosen file's chip with a remove
  // button above the composer, a drop onto the panel; a type or size it does not take is said inline, not sent.
  const files = cfg.attachments;
  let file: File | null = null;
  const size = (n: number) => (n < 1024 ? `${n} bytes` : n < 1048576 ? `${Math.ceil(n / 1024)} KB` : `${+(n / 1048576).toFixed(1)} MB`);
  // A stored file's chip downloads its original (fetched with the visitor token, saved from a blob URL).
  const chipOf = (f: { id?: string; name: string; bytes: number }) =>
    h(
      f.id ? 'button' : 'div',
      {
        class: 'fc',
        ...(f.id && {
          type: 'button',
          title: t.download,
          onclick: () =>
            api.file(f.id!).then(
              (b) => {
                const u = URL.createObjectURL(b);
                h('a', { href: u, download: f.name }).click();
                setTimeout(() => URL.revokeObjectURL(u), 1e4);
              },
              () => note(t.error),
            ),
        }),
      },
      icon('clip'),
      `${f.name} · ${size(f.bytes)}`,
    );
  const tray = h('div', { class: 'tray', hidden: true });
  const picker = h('input', { type: 'file', class: 'sr', tabindex: '-1', 'aria-hidden': 'true', onchange: () => pick(picker.files?.[0] ?? null) });
  function pick(f: File | null) {
    picker.value = '';
    const ext = /\.([^.]+)$/.exec(f?.name ?? '')?.[1]?.toLowerCase() ?? '';
    if (f && files && (!files.types.includes(ext) || f.size > files.max_bytes)) {
      note(t.types.replace('{t}', files.types.join(', ').toUpperCase()).replace('{s}', size(files.max_bytes)));
      f = null;
    }
    file = f;
    const remove = h(
      'button',
      { class: 'ico', type: 'button', 'aria-label': t.remove, title: t.remove, onclick: () => (pick(null), input.focus()) },
      icon('close'),
    );
    tray.replaceChildren(...(f ? [chipOf({ name: f.name, bytes: f.size }), remove] : []));
    tray.hidden = !f;
  }
  const tools: Node[] = [];
  if (files) {
    picker.accept = files.types.map((x) => `.${x}`).join(',');
    tools.push(picker, h('button', { class: 'ico at', type: 'button', 'aria-label': t.attach, title: t.attach, onclick: () => picker.click() }, icon('clip')));
  }
  const submit = h('button', { class: 'ico', type: 'submit', 'aria-label': t.send }, icon('send'));
  const form = h('form', { onsubmit: (e: Event) => (e.preventDefault(), busy ? busy.abort() : send(input.value)) }, ...tools, input, submit);
  const chips = h('div', { class: 'chips' }, ...(o.prompts ?? cfg.suggested_prompts).map((p) => h('button', { type: 'button', onclick: () => send(p) }, p)));
  const iconButton = (label: string, name: 'reset' | 'close', onclick: () => void) =>
    h('button', { class: 'ico', type: 'button', 'aria-label': label, title: label, onclick }, icon(name));
  const avatar = o.avatar || th.avatar_url;
  const header = h('header', {}, ...(avatar ? [h('img', { src: avatar, alt: '' })] : []), h('h2', { id: 't' }, title), iconButton(t.reset, 'reset', reset));
  if (!target) header.append(iconButton(t.close, 'close', close));
  const panel = h('div', { class: 'panel', id: 'p', 'aria-labelledby': 't', onkeydown: keys }, header, log, chips, tray, form, live);
  if (files) {
    panel.ondragover = (e) => e.preventDefault();
    panel.ondrop = (e) => {
      e.preventDefault();
      pick(e.dataTransfer?.files[0] ?? null);
    };
  }
  const launch = h(
    'button',
    { class: 'launch', type: 'button', 'aria-label': t.open, 'aria-expanded': 'false', 'aria-controls': 'p', onclick: () => (isOpen ? close() : open()) },
    icon('chat'),
  );
  if (target) panel.setAttribute('role', 'region');
  else {
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-modal', 'true');
    panel.hidden = true;
    w.append(launch);
  }
  w.append(panel);
  root.append(w);
  (target ?? document.body).append(el);

  const start = () => {
    log.replaceChildren();
    if (greeting) bubble('assistant', greeting);
    chips.hidden = false;
  };
  start();
  let loaded: Promise<void> | null = null;
  const load = () =>
    (loaded ??= api.history().then(
      (msgs) => {
        for (const m of msgs) {
          const b = bubble(m.role, m.content);
          if (m.file) b.append(chipOf(m.file));
          if (m.role !== 'user' && m.id) thumbs(b, m.id, m.feedback);
          sources(b, m.citations);
        }
        if (msgs.length) chips.hidden = true;
        // Reloaded while the reply was being written: follow it from the start of the turn.
        if (msgs[msgs.length - 1]?.role === 'user' && !busy) void answer((d, signal) => api.resume(d, signal));
      },
      () => {},
    ));

  let busy: AbortController | null = null;
  const setBusy = (ac: AbortController | null) => {
    busy = ac;
    submit.replaceChildren(icon(ac ? 'stop' : 'send'));
    submit.setAttribute('aria-label', ac ? t.stop : t.send);
  };

  async function send(raw: string) {
    const text = raw.trim();
    const sent = file;
    if ((!text && !sent) || busy) return;
    const ac = new AbortController();
    setBusy(ac);
    await load();
    if (busy !== ac) return; // a reply being followed after a reload took the composer
    input.value = '';
    grow();
    chips.hidden = true;
    const b = bubble('user', text);
    if (sent) {
      b.append(chipOf({ name: sent.name, bytes: sent.size }));
      pick(null);
    }
    emit('message', { role: 'user', content: text });
    await answer((d, signal) => api.send(text, sent, d, signal), ac);
  }

  /** Streams a reply into a new assistant bubble (sent now, or being followed after a reload). */
  async function answer(run: (onDelta: (text: string) => void, signal: AbortSignal) => Promise<void>, ac = new AbortController()) {
    setBusy(ac);
    const b = bubble('assistant', '');
    b.classList.add('dots');
    let reply = '';
    let frame = 0;
    const paint = () => {
      frame = 0;
      b.innerHTML = renderMarkdown(reply);
      scroll();
    };
    try {
      await run((d) => {
        reply += d;
        b.classList.remove('dots');
        frame ||= requestAnimationFrame(paint);
      }, ac.signal);
      if (reply) {
        if (api.answered()) thumbs(b, api.answered());
        sources(b, api.cited());
        emit('message', { role: 'assistant', content: reply });
        live.textContent = `${t.replied}: ${reply}`;
      }
    } catch (e) {
      const status = e instanceof ApiError ? e.status : 0;
      if (!ac.signal.aborted && status !== -1) {
        const reason = [400, 413, 415].includes(status) && (e as ApiError).reason; // a refused file says why
        const message =
          reason || (status === 429 ? t.limited.replace('{s}', String((e as ApiError).retry || 30)) : status && status !== 402 ? t.error : t.offline);
        note(message);
        emit('error', { status, message });
      }
    } finally {
      cancelAnimationFrame(frame);
      if (reply) paint();
      else b.remove();
      if (busy === ac) setBusy(null);
    }
  }

  function reset() {
    busy?.abort();
    api.forget();
    loaded = Promise.resolve();
    start();
    input.focus();
  }

  let isOpen = false;
  function open() {
    if (target || isOpen) return;
    isOpen = true;
    panel.hidden = false;
    w.classList.add('open');
    launch.setAttribute('aria-expanded', 'true');
    void load().then(scroll);
    input.focus();
    emit('open');
  }
  function close() {
    if (!isOpen) return;
    isOpen = false;
    const hadFocus = !!root.activeElement;
    panel.hidden = true;
    w.classList.remove('open');
    launch.setAttribute('aria-expanded', 'false');
    if (hadFocus) launch.focus();
    emit('close');
  }

  /** Escape closes; Tab and Shift+Tab stay inside the open panel (a modal dialog's focus trap). */
  function keys(e: KeyboardEvent) {
    if (target) return;
    if (e.key === 'Escape') return close();
    if (e.key !== 'Tab') return;
    const all = [...panel.querySelectorAll<HTMLElement>('button,textarea,a[href],[tabindex="0"]')].filter((x) => x.offsetParent);
    const edge = e.shiftKey ? all[0] : all[all.length - 1];
    if (root.activeElement === edge) {
      e.preventDefault();
      (e.shiftKey ? all[all.length - 1] : all[0])?.focus();
    }
  }

  if (target) void load();
  return { open, close, reset, send: (text: string) => (open(), send(text)) };
}
