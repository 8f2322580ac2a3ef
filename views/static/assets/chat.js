// Chat page behaviour htmx does not cover: Enter sends and Shift+Enter is a new line (on touch screens Enter stays
// a new line; Send sends), the page follows a streaming reply while the reader is at the bottom, the composer
// empties when a reply starts and regains focus when it ends, the conversation list folds on small screens, a
// conversation started from the composer gets its address, and a reply whose stream was cut (or that was still being
// written when the page loaded) re-attaches by itself.
(() => {
  const wide = matchMedia('(min-width: 901px)');
  const touch = matchMedia('(pointer: coarse)');
  const fold = () => {
    const sessions = document.getElementById('chat-sessions');
    if (sessions) sessions.open = wide.matches;
  };
  fold();
  wide.addEventListener('change', fold);
  // The conversation list is loaded again after each reply: fold the new one too.
  document.addEventListener('htmx:after:swap', (e) => e.target && e.target.id === 'chat-side' && fold());

  const form = document.getElementById('chat-form');
  const input = document.getElementById('chat-input');
  const log = document.getElementById('chat-log');
  const dock = document.getElementById('chat-dock');
  if (!form || !input || !log || !dock) return;

  const root = document.documentElement;
  const toBottom = () => window.scrollTo(0, root.scrollHeight);
  let follow = true;
  addEventListener('scroll', () => (follow = innerHeight + scrollY >= root.scrollHeight - 96), { passive: true });
  new MutationObserver(() => follow && toBottom()).observe(log, { childList: true, subtree: true, characterData: true });
  toBottom();

  // Files in chat (file-pick.js): chip, inline refusals, drop on the dock. With a file, the text may be empty.
  const picker = document.getElementById('chat-file');
  const chip = document.getElementById('chat-file-chip');
  const fileError = document.getElementById('chat-file-error');
  const files =
    picker && chip && fileError && window.edgentFilePick
      ? window.edgentFilePick({ picker, chip, error: fileError, input, dock, who: 'agent', onCheck: (ok) => (input.required = !ok) })
      : null;
  const chosen = () => (files ? files.chosen() : null);

  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229 || touch.matches) return;
    e.preventDefault();
    if ((input.value.trim() || chosen()) && !dock.classList.contains('htmx-request')) form.requestSubmit();
  });

  form.addEventListener('htmx:sse:after:connection', () => {
    input.value = '';
    if (files) {
      picker.value = '';
      files.check();
    }
    follow = true;
    toBottom();
  });

  // A reply whose stream ended without its last event (a dropped connection), or that was still being written when
  // the page loaded: re-attach (GET /app/sessions/:id/stream) and stream the rest into the same bubble. The bubble's
  // hidden cursor holds the id of the last event it got. Only after repeated failures does the page say so.
  const DELAYS = [0, 500, 1000, 2000, 4000, 8000];
  let attempts = 0;
  let resuming = false;
  const unfinished = () => {
    for (const stream of log.querySelectorAll('.chat-stream')) {
      const msg = stream.closest('[data-assistant]');
      if (msg && msg.dataset.session) return msg;
    }
    return null;
  };
  const cursorOf = (msg) => (msg.querySelector('.chat-cursor') || { dataset: {} }).dataset.eventId || '';
  const giveUp = (msg) => {
    for (const stream of msg.querySelectorAll('.chat-stream')) {
      const note = document.createElement('p');
      note.className = 'chat-note chat-note-interrupted';
      note.textContent = 'The connection was lost. Reload the page to see the full reply.';
      stream.removeAttribute('aria-busy');
      stream.className = 'chat-text chat-text-plain';
      stream.after(note);
    }
  };
  const resume = async () => {
    const msg = unfinished();
    if (!msg || resuming) return;
    if (attempts >= DELAYS.length) return giveUp(msg);
    resuming = true;
    await new Promise((r) => setTimeout(r, DELAYS[attempts++]));
    const before = cursorOf(msg);
    const url = new URLSearchParams({ assistant: msg.dataset.assistant });
    if (before) url.set('last_event_id', before);
    dock.classList.add('htmx-request');
    try {
      await htmx.ajax('GET', `/app/sessions/${encodeURIComponent(msg.dataset.session)}/stream?${url}`, { source: msg, target: '#chat-log', swap: 'beforeend' });
    } catch {
      // a failed request is retried below
    }
    dock.classList.remove('htmx-request');
    resuming = false;
    if (!msg.isConnected || cursorOf(msg) !== before) attempts = 0; // it moved on: start counting again
    if (unfinished()) resume();
    else if (wide.matches) input.focus();
  };
  addEventListener('online', () => {
    attempts = 0;
    resume();
  });
  resume();

  form.addEventListener('htmx:finally:request', () => {
    resume();
    if (wide.matches) input.focus();
    // A conversation started by the first message: the address now names it, so a reload stays in it.
    const started = document.getElementById('chat-session-id');
    if (started && started.value && !new URL(location.href).searchParams.has('session')) {
      const url = new URL(location.href);
      url.searchParams.set('session', started.value);
      history.replaceState(history.state, '', url);
    }
  });
})();
