// Files in the builder's test panel, as on the chat page (chat.js): the paperclip follows the draft's "Files in chat"
// fields as they are edited (the panel tests the unsaved draft): shown only while "Accept files" is checked, for the
// checked types, up to the size typed. The chosen file shows as a chip (name, type, size) with a remove button; a type
// or size the draft does not take is refused here, inline, before anything is sent (the server checks again and its
// refusals come back as an alert in the panel, the typed text kept). Enter sends a file without text too.
(() => {
  const form = document.getElementById('builder-form');
  const picker = document.getElementById('test-file');
  const attach = document.getElementById('test-attach');
  const chip = document.getElementById('test-file-chip');
  const error = document.getElementById('test-file-error');
  const input = document.getElementById('test-input');
  const send = document.getElementById('test-send');
  const dock = document.getElementById('test-dock');
  if (!form || !picker || !attach || !chip || !error || !input || !send || !dock) return;

  // The same words as the server's refusals (views/components/chat/file-chip.tsx fileSize).
  const one = (x) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
  const size = (n) => (n < 1024 ? `${n} bytes` : n < 1048576 ? `${one(n / 1024)} KB` : `${one(n / 1048576)} MB`);
  const kinds = (types) => types.map((t) => t.toUpperCase()).join(', ');
  const chosen = () => (picker.files && picker.files[0]) || null;

  const check = () => {
    const file = chosen();
    const types = (picker.dataset.types || '').split(' ').filter(Boolean);
    const max = Number(picker.dataset.maxBytes);
    const ext = file ? ((/\.([a-z0-9]+)$/i.exec(file.name) || [])[1] || '').toLowerCase() : '';
    const problem = !file
      ? ''
      : !types.includes(ext)
        ? `${file.name}: this draft accepts ${kinds(types)} files.`
        : file.size > max
          ? `${file.name} is ${size(file.size)}; this draft accepts files up to ${size(max)}.`
          : '';
    if (file) {
      error.textContent = problem;
      error.hidden = !problem;
    }
    if (problem) picker.value = '';
    const ok = !!chosen();
    chip.hidden = !ok;
    if (ok) {
      chip.querySelector('.file-chip-name').textContent = file.name;
      chip.querySelector('.file-chip-meta').textContent = `${(ext || 'file').toUpperCase()} · ${size(file.size)}`;
    }
  };

  // The draft's setting, read from its fields (the builder form's "Files in chat" section).
  const sync = () => {
    const field = (name) => form.querySelector(`[name="${name}"]`);
    const enabled = !!(field('attachments_enabled') && field('attachments_enabled').checked);
    const types = [...form.querySelectorAll('input[name="attachment_types"]:checked')].map((c) => c.value);
    const cap = Number(picker.dataset.cap);
    const mb = Number(field('attachment_max_mb') ? field('attachment_max_mb').value : '');
    const max = Math.min(cap, mb > 0 ? Math.round(mb * 1048576) : cap);
    const on = enabled && types.length > 0;
    attach.hidden = !on;
    picker.disabled = !on;
    picker.accept = types.map((t) => `.${t}`).join(',');
    picker.dataset.types = types.join(' ');
    picker.dataset.maxBytes = String(max);
    const label = `Attach a file (${kinds(types)}, up to ${size(max)})`;
    attach.querySelector('label').title = label;
    attach.querySelector('.sr-only').textContent = label;
    if (!on) picker.value = '';
    if (!chosen()) error.hidden = true; // a refusal under the old setting says nothing about the new one
    check();
  };
  form.addEventListener('change', (e) => e.target !== picker && sync());
  form.addEventListener('input', (e) => e.target instanceof Element && e.target.name === 'attachment_max_mb' && sync());

  picker.addEventListener('change', check);
  chip.querySelector('.file-chip-remove').addEventListener('click', () => {
    picker.value = '';
    check();
    input.focus();
  });
  dock.addEventListener('dragover', (e) => {
    if (attach.hidden) return;
    e.preventDefault();
    dock.classList.add('chat-dock-drop');
  });
  dock.addEventListener('dragleave', () => dock.classList.remove('chat-dock-drop'));
  dock.addEventListener('drop', (e) => {
    dock.classList.remove('chat-dock-drop');
    if (attach.hidden || !e.dataTransfer || !e.dataTransfer.files.length) return;
    e.preventDefault();
    picker.files = e.dataTransfer.files;
    check();
  });

  // app.js sends on Enter only with text: a file alone is a message too.
  const touch = matchMedia('(pointer: coarse)');
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229 || touch.matches) return;
    if (!input.value.trim() && chosen() && !send.closest('.htmx-request')) send.click();
  });
  // The reply started: the message (and its file) went; app.js empties the text.
  send.addEventListener('htmx:sse:after:connection', () => {
    picker.value = '';
    error.hidden = true;
    check();
  });
})();
