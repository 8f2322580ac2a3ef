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

  // Files in chat: the chosen file shows as a chip (name, type, size) with a remove button; a type or size the agent
  // does not take is refused here, inline, before anything is sent (the server checks again). Drop a file on the dock.
  const picker = document.getElementById('chat-file');
  const chip = document.getElementById('chat-file-chip');
  const fileError = document.getElementById('chat-file-error');
  const size = (n) => (n < 1024 ? `${n} bytes` : n < 1048576 ? `${+(n / 1024).toFixed(1)} KB` : `${+(n / 1048576).toFixed(1)} MB`);
  const chosen = () => (picker && picker.files && picker.files[0]) || null;
  const showFile = () => {
    if (!picker || !chip || !fileError) return;
    const file = chosen();
    const types = (picker.dataset.types || '').split(' ');
    const max = Number(picker.dataset.maxBytes);
    const ext = file ? (/\.([a-z0-9]+)$/i.exec(file.name) || [])[1] || '' : '';
    const problem = !file
      ? ''
      : !types.includes(ext.toLowerCase())
        ? `${file.name}: this agent accepts ${types.map((t) => t.toUpperCase()).join(', ')} files.`
        : file.size > max
          ? `${file.name} is ${size(file.size)}; this agent accepts files up to ${size(max)}.`
          : '';
    fileError.textContent = problem;
    fileError.hidden = !problem;
    if (problem) picker.value = '';
    const ok = !!chosen();
    chip.hidden = !ok;
    input.required = !ok;
    if (ok) {
      chip.querySelector('.file-chip-name').textContent = file.name;
      chip.querySelector('.file-chip-meta').textContent = `${(ext || 'file').toUpperCase()} · ${size(file.size)}`;
    }
  };
  if (picker && chip) {
    picker.addEventListener('change', showFile);
    chip.querySelector('.file-chip-remove').addEventListener('click', () => {
      picker.value = '';
      showFile();
      input.focus();
    });
    dock.addEventListener('dragover', (e) => {
      e.preventDefault();
      dock.classList.add('chat-dock-drop');
    });
    dock.addEventListener('dragleave', () => dock.classList.remove('chat-dock-drop'));
    dock.addEventListener('drop', (e) => {
      e.preventDefault();
      dock.classList.remove('chat-dock-drop');
      if (!e.dataTransfer || !e.dataTransfer.files.length) return;
      picker.files = e.dataTransfer.files;
      showFile();
    });
  }

  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229 || touch.matches) return;
    e.preventDefault();
    if ((input.value.trim() || chosen()) && !dock.classList.contains('htmx-request')) form.requestSubmit();
  });

  form.addEventListener('htmx:sse:after:connection', () => {
    input.value = '';
    if (picker) {
      picker.value = '';
      showFile();
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
