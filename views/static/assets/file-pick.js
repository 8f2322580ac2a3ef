// The file sent with a message, on the chat page (chat.js) and in the builder's test panel (test-files.js): the
// chosen file shows as a chip (name, type, size) with a remove button; a type or size not accepted is refused here,
// inline, before anything is sent (the server checks again). A file dropped on the dock is chosen too.
// `who` names what accepts files in the refusal ("agent", "draft"); `offered()` whether the paperclip is there now;
// `onCheck(hasFile)` runs after each check. Returns `check` and `chosen` for the page's own events.
window.edgentFilePick = ({ picker, chip, error, input, dock, who, offered = () => true, onCheck = () => {} }) => {
  // The server's words (worker/lib/size-text.ts).
  const one = (x) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
  const size = (n) => (n < 1024 ? `${n} bytes` : n < 1048576 ? `${one(n / 1024)} KB` : `${one(n / 1048576)} MB`);
  const chosen = () => (picker.files && picker.files[0]) || null;
  const check = () => {
    const file = chosen();
    const types = (picker.dataset.types || '').split(' ').filter(Boolean);
    const max = Number(picker.dataset.maxBytes);
    const ext = file ? ((/\.([a-z0-9]+)$/i.exec(file.name) || [])[1] || '').toLowerCase() : '';
    const problem = !file
      ? ''
      : !types.includes(ext)
        ? `${file.name}: this ${who} accepts ${types.map((t) => t.toUpperCase()).join(', ')} files.`
        : file.size > max
          ? `${file.name} is ${size(file.size)}; this ${who} accepts files up to ${size(max)}.`
          : '';
    error.textContent = problem;
    error.hidden = !problem;
    if (problem) picker.value = '';
    const ok = !!chosen();
    chip.hidden = !ok;
    if (ok) {
      chip.querySelector('.file-chip-name').textContent = file.name;
      chip.querySelector('.file-chip-meta').textContent = `${(ext || 'file').toUpperCase()} · ${size(file.size)}`;
    }
    onCheck(ok);
  };
  picker.addEventListener('change', check);
  chip.querySelector('.file-chip-remove').addEventListener('click', () => {
    picker.value = '';
    check();
    input.focus();
  });
  dock.addEventListener('dragover', (e) => {
    if (!offered()) return;
    e.preventDefault();
    dock.classList.add('chat-dock-drop');
  });
  dock.addEventListener('dragleave', () => dock.classList.remove('chat-dock-drop'));
  dock.addEventListener('drop', (e) => {
    dock.classList.remove('chat-dock-drop');
    if (!offered() || !e.dataTransfer || !e.dataTransfer.files.length) return;
    e.preventDefault();
    picker.files = e.dataTransfer.files;
    check();
  });
  return { check, chosen, size };
};
