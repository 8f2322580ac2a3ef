// The Embed page (/app/agents/:id/embed): the copy button for the snippet, and the live preview, which re-mounts
// the real widget with the form's unsaved values as data attributes (they override the saved settings).
(() => {
  for (const button of document.querySelectorAll('[data-copy]')) {
    const source = document.querySelector(button.dataset.copy);
    if (!source || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener('click', async () => {
      await navigator.clipboard.writeText(source.value);
      button.textContent = 'Copied';
      setTimeout(() => (button.textContent = 'Copy snippet'), 2000);
    });
  }

  const form = document.querySelector('form[data-embed-settings]');
  const preview = document.getElementById('embed-preview');
  if (!form || !preview) return;
  const lines = (s) =>
    s
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
  let timer;
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const f = new FormData(form);
      const script = document.createElement('script');
      script.src = '/widget.js';
      script.async = true;
      Object.assign(script.dataset, {
        agent: preview.dataset.agent,
        target: '#embed-preview',
        title: f.get('title'),
        greeting: f.get('greeting'),
        prompts: JSON.stringify(lines(String(f.get('suggested_prompts')))),
        color: f.get('color'),
        theme: f.get('mode'),
        avatar: f.get('avatar_url'),
      });
      preview.replaceChildren();
      document.getElementById('embed-preview-script')?.remove();
      script.id = 'embed-preview-script';
      document.body.append(script);
    }, 400);
  });
})();
