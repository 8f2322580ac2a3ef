// Tiny DOM helpers for the widget: element builder, icons. Text always goes in as text nodes, never as HTML.
type Attrs = Record<string, string | boolean | undefined | ((e: any) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...kids: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== undefined && v !== false) el.setAttribute(k, v);
  }
  el.append(...kids);
  return el;
}

const PATHS = {
  chat: 'M20 11.5a7.5 7.5 0 0 1-10.9 6.7L4.5 19.5l1.3-4.2A7.5 7.5 0 1 1 20 11.5z',
  close: 'M6 6l12 12M18 6 6 18',
  send: 'M5 12h14M13 6l6 6-6 6',
  stop: 'M7 7h10v10H7z',
  reset: 'M4 12a8 8 0 1 0 2.3-5.6M4 4v4h4',
  up: 'M7 11v10H4V11h3zm0 0 4-8a3 3 0 0 1 3 3v4h5.3a2 2 0 0 1 2 2.3l-1.4 8a2 2 0 0 1-2 1.7H7',
  down: 'M17 13V3h3v10h-3zm0 0-4 8a3 3 0 0 1-3-3v-4H4.7a2 2 0 0 1-2-2.3l1.4-8a2 2 0 0 1 2-1.7H17',
  clip: 'm20 11.5-8.1 8.1a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4L15 7',
};

/** A decorative 24px stroke icon (hidden from assistive technology; its button carries the label). */
export function icon(name: keyof typeof PATHS): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', PATHS[name]);
  svg.append(path);
  return svg;
}
