// Chat page behaviour htmx does not cover: Enter sends and Shift+Enter is a new line (on touch screens Enter stays
// a new line; Send sends), the page follows a streaming reply while the reader is at the bottom, the composer
// empties when a reply starts and regains focus when it ends, the conversation list folds on small screens, and a
// conversation started from the composer gets its address.
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

  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229 || touch.matches) return;
    e.preventDefault();
    if (input.value.trim() && !dock.classList.contains('htmx-request')) form.requestSubmit();
  });

  form.addEventListener('htmx:sse:after:connection', () => {
    input.value = '';
    follow = true;
    toBottom();
  });

  // A stream that ended without its final event (network drop) leaves its typing dots behind: say so instead.
  form.addEventListener('htmx:finally:request', () => {
    for (const stream of log.querySelectorAll('.chat-stream')) {
      const note = document.createElement('p');
      note.className = 'chat-note chat-note-interrupted';
      note.textContent = 'The connection was lost. Reload the page to see the full reply.';
      stream.removeAttribute('aria-busy');
      stream.className = 'chat-text chat-text-plain';
      stream.after(note);
    }
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
