// Small behaviours of the app pages that HTML and htmx do not cover; every page works without it.
//  - the progress bar also shows during full page loads (html.is-loading; htmx requests show it through CSS),
//  - textarea[data-send-with="<button id>"]: Enter sends (Shift+Enter is a new line; touch screens keep Enter),
//    and the textarea empties once the streamed reply starts,
//  - [data-follow]: a scrolling log stays at the bottom while new content arrives, unless the reader scrolled up,
//  - button[data-copy="<element id>"]: copies that element's value or text,
//  - on small screens the section tabs scroll sideways: the current one is scrolled into view and an edge fades
//    while more sections lie beyond it.
(() => {
  const root = document.documentElement;
  addEventListener('beforeunload', () => {
    root.classList.add('is-loading');
    setTimeout(() => root.classList.remove('is-loading'), 15_000); // a navigation that was cancelled
  });
  addEventListener('pageshow', () => root.classList.remove('is-loading'));

  const nav = document.querySelector('.sidebar-nav');
  if (nav) {
    const mark = () => {
      nav.classList.toggle('nav-more-right', nav.scrollLeft + nav.clientWidth < nav.scrollWidth - 2);
      nav.classList.toggle('nav-more-left', nav.scrollLeft > 2);
    };
    const current = nav.querySelector('[aria-current="page"]');
    if (current && nav.scrollWidth > nav.clientWidth) {
      const [c, n] = [current.getBoundingClientRect(), nav.getBoundingClientRect()];
      nav.scrollLeft += c.left - n.left - (n.width - c.width) / 2;
    }
    mark();
    nav.addEventListener('scroll', mark, { passive: true });
    addEventListener('resize', mark);
  }

  const touch = matchMedia('(pointer: coarse)');
  document.addEventListener('keydown', (e) => {
    const input = e.target;
    if (!(input instanceof HTMLTextAreaElement) || !input.dataset.sendWith) return;
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229 || touch.matches) return;
    e.preventDefault();
    const button = document.getElementById(input.dataset.sendWith);
    if (button && input.value.trim() && !button.closest('.htmx-request')) button.click();
  });
  document.addEventListener('htmx:sse:after:connection', (e) => {
    const input = e.target instanceof Element && document.querySelector(`textarea[data-send-with="${e.target.id}"]`);
    if (input) input.value = '';
  });

  for (const log of document.querySelectorAll('[data-follow]')) {
    let follow = true;
    log.addEventListener('scroll', () => (follow = log.scrollTop + log.clientHeight >= log.scrollHeight - 48), { passive: true });
    new MutationObserver(() => follow && (log.scrollTop = log.scrollHeight)).observe(log, { childList: true, subtree: true, characterData: true });
  }

  document.addEventListener('click', async (e) => {
    const button = e.target instanceof Element && e.target.closest('button[data-copy]');
    if (!button) return;
    const source = document.getElementById(button.dataset.copy);
    const text = source && ('value' in source ? source.value : source.textContent);
    if (!text) return;
    try {
      await navigator.clipboard.writeText(text);
      button.dataset.copied = 'true';
      setTimeout(() => delete button.dataset.copied, 2000);
    } catch {
      if ('select' in source) source.select();
    }
  });
})();
