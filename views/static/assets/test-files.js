// Files in the builder's test panel, as on the chat page (file-pick.js, shared with chat.js): the paperclip follows
// the draft's "Files in chat" fields as they are edited (the panel tests the unsaved draft): shown only while "Accept
// files" is checked, for the checked types, up to the size typed. A type or size the draft does not take is refused
// inline before anything is sent (the server checks again and its refusals come back as an alert in the panel, the
// typed text kept). Enter sends a file without text too.
(() => {
  const form = document.getElementById('builder-form');
  const picker = document.getElementById('test-file');
  const attach = document.getElementById('test-attach');
  const chip = document.getElementById('test-file-chip');
  const error = document.getElementById('test-file-error');
  const input = document.getElementById('test-input');
  const send = document.getElementById('test-send');
  const dock = document.getElementById('test-dock');
  if (!form || !picker || !attach || !chip || !error || !input || !send || !dock || !window.edgentFilePick) return;

  const kinds = (types) => types.map((t) => t.toUpperCase()).join(', ');
  // Chip, inline refusals and drop on the dock as on the chat page (file-pick.js), while the draft takes files.
  const { check, chosen, size } = window.edgentFilePick({ picker, chip, error, input, dock, who: 'draft', offered: () => !attach.hidden });

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
    check(); // with no file chosen, a refusal under the old setting goes (it says nothing about the new one)
  };
  form.addEventListener('change', (e) => e.target !== picker && sync());
  form.addEventListener('input', (e) => e.target instanceof Element && e.target.name === 'attachment_max_mb' && sync());

  // app.js sends on Enter only with text: a file alone is a message too.
  const touch = matchMedia('(pointer: coarse)');
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229 || touch.matches) return;
    if (!input.value.trim() && chosen() && !send.closest('.htmx-request')) send.click();
  });
  // The reply started: the message (and its file) went; app.js empties the text.
  send.addEventListener('htmx:sse:after:connection', () => {
    picker.value = '';
    check();
  });
})();
