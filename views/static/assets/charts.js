// Hover tooltips for the server-rendered charts: the bucket under the pointer is highlighted and its figures shown
// beside it. Without this script each bucket still has its native SVG <title> tooltip and the table under the chart.
(() => {
  const tip = document.createElement('div');
  tip.className = 'chart-tip';
  tip.setAttribute('aria-hidden', 'true');
  let lit = null;
  const hide = () => {
    tip.remove();
    lit?.classList.remove('is-hover');
    lit = null;
  };
  const show = (rect) => {
    const fig = rect.closest('.chart');
    if (!fig) return;
    const title = rect.querySelector('title');
    if (title) {
      rect.dataset.tip = title.textContent;
      title.remove(); // the browser's own tooltip would cover ours
    }
    lit?.classList.remove('is-hover');
    lit = rect;
    rect.classList.add('is-hover');
    tip.textContent = rect.dataset.tip || '';
    if (tip.parentNode !== fig) fig.append(tip);
    const f = fig.getBoundingClientRect();
    const r = rect.getBoundingClientRect();
    const left = r.left - f.left + r.width / 2 + 12;
    const room = f.width - tip.offsetWidth - 8;
    tip.style.left = `${Math.max(8, left > room ? r.left - f.left - tip.offsetWidth - 6 : left)}px`;
    tip.style.top = `${r.top - f.top + 4}px`;
  };
  document.addEventListener('pointerover', (e) => {
    const rect = e.target instanceof Element && e.target.closest('.chart-hits rect');
    if (rect) show(rect);
    else if (lit && !(e.target instanceof Element && e.target.closest('.chart-tip'))) hide();
  });
  document.addEventListener('pointerleave', hide);
  addEventListener('scroll', hide, { passive: true });
})();
