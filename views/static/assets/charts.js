// Hover tooltips for the server-rendered charts: the bucket under the pointer is highlighted and its row of the
// chart's own table (the accessible equivalent under every chart) is shown beside it. Without this script the
// table is still there; nothing else depends on it.
(() => {
  const NS = 'http://www.w3.org/2000/svg';
  const tip = document.createElement('div');
  tip.className = 'chart-tip';
  tip.setAttribute('aria-hidden', 'true');
  let shown = null;

  const hide = () => {
    tip.remove();
    shown?.querySelector('.chart-cursor')?.remove();
    shown = null;
  };

  /** The table row of bucket i as "Nov 30\nTurns: 3\n…". */
  function rowText(fig, i) {
    const heads = [...fig.querySelectorAll('.chart-table thead th')].map((th) => th.textContent.trim());
    const row = fig.querySelectorAll('.chart-table tbody tr')[i];
    if (!row) return '';
    const cells = [...row.children].map((c) => c.textContent.trim());
    return [cells[0], ...cells.slice(1).map((v, k) => `${heads[k + 1]}: ${v}`)].join('\n');
  }

  function move(e) {
    const svg = e.target instanceof Element && e.target.closest('svg.chart-svg');
    if (!svg) return hide();
    const fig = svg.closest('.chart');
    const n = Number(svg.dataset.n);
    const x0 = Number(svg.dataset.x0);
    const pw = Number(svg.dataset.pw);
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    const x = (e.clientX - box.left) / scale;
    const i = Math.floor(((x - x0) / pw) * n);
    if (!(n > 0) || i < 0 || i >= n) return hide();
    if (shown && shown !== svg) hide();
    shown = svg;
    let cursor = svg.querySelector('.chart-cursor');
    if (!cursor) {
      cursor = document.createElementNS(NS, 'rect');
      cursor.setAttribute('class', 'chart-cursor');
      const hit = svg.querySelector('.chart-hit');
      cursor.setAttribute('y', hit.getAttribute('y'));
      cursor.setAttribute('height', hit.getAttribute('height'));
      svg.insertBefore(cursor, hit);
    }
    cursor.setAttribute('x', String(x0 + (pw / n) * i));
    cursor.setAttribute('width', String(pw / n));
    tip.textContent = rowText(fig, i);
    if (tip.parentNode !== fig) fig.append(tip);
    const f = fig.getBoundingClientRect();
    const left = e.clientX - f.left + 14;
    const room = f.width - tip.offsetWidth - 8;
    tip.style.left = `${Math.max(8, left > room ? e.clientX - f.left - tip.offsetWidth - 14 : left)}px`;
    tip.style.top = `${Math.max(4, e.clientY - f.top - tip.offsetHeight / 2)}px`;
  }

  document.addEventListener('pointermove', move, { passive: true });
  document.addEventListener('pointerleave', hide);
  addEventListener('scroll', hide, { passive: true });
})();
