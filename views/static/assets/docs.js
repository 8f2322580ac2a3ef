// /docs enhancements (the page works without them): a search box over the guides and the reference, built from the
// page itself (no index to download), and a Copy button on every code block.
(() => {
  const main = document.getElementById('main');
  if (!main) return;

  // Search: every guide, operation and schema is an entry with its heading, anchor and text.
  const box = document.querySelector('.docs-search');
  const input = document.getElementById('docs-search');
  const results = document.getElementById('docs-results');
  const entries = [...main.querySelectorAll('.docs-guide[id], .docs-op[id]')].map((el) => {
    const heading = el.querySelector('h2, h3');
    const title = (heading?.textContent ?? el.id).replace(/\s+/g, ' ').trim();
    const kind = el.classList.contains('docs-guide') ? 'Guide' : el.id.startsWith('schema-') ? 'Schema' : 'API';
    return { id: el.id, title, kind, head: title.toLowerCase(), text: el.textContent.replace(/\s+/g, ' ').toLowerCase() };
  });
  const MAX = 12;
  function search(query) {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    return entries
      .filter((e) => words.every((w) => e.text.includes(w) || e.head.includes(w)))
      .map((e) => ({ e, score: words.reduce((s, w) => s + (e.head.includes(w) ? 10 : 0) + (e.text.split(w).length - 1), 0) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, MAX)
      .map((r) => r.e);
  }
  function show() {
    const query = input.value.trim();
    const found = search(query);
    results.replaceChildren(
      ...found.map((e) => {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = `#${e.id}`;
        a.textContent = e.title;
        const kind = document.createElement('span');
        kind.className = 'docs-result-kind';
        kind.textContent = e.kind;
        a.append(' ', kind);
        li.append(a);
        return li;
      }),
    );
    if (query && !found.length) {
      const li = document.createElement('li');
      li.className = 'muted docs-no-results';
      li.textContent = `Nothing matches “${query}”.`;
      results.append(li);
    }
  }
  if (box && input && results) {
    box.hidden = false;
    input.addEventListener('input', show);
    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') results.querySelector('a')?.click();
      if (ev.key === 'Escape') ((input.value = ''), show());
    });
  }

  // Copy buttons: only where the clipboard API exists.
  if (!navigator.clipboard) return;
  for (const pre of main.querySelectorAll('pre')) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'btn btn-secondary btn-sm docs-copy';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy this code');
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(pre.textContent);
        button.textContent = 'Copied';
      } catch {
        button.textContent = 'Press Ctrl+C';
        getSelection().selectAllChildren(pre);
      }
      setTimeout(() => (button.textContent = 'Copy'), 2000);
    });
    const wrap = document.createElement('div');
    wrap.className = 'docs-code';
    pre.replaceWith(wrap);
    wrap.append(pre, button);
  }
})();
