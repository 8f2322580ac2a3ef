// Number, duration and time formats shared by the app pages (server-side, locale-neutral, UTC).

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en');
const when = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });

/** 950 → "950", 12_400 → "12.4K". */
export const fmtCount = (n: number) => (n < 10_000 ? whole.format(n) : compact.format(n));

/** 850 → "850 ms", 1_530 → "1.5 s", 95_000 → "1 min 35 s". */
export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** "May 2, 15:40" (UTC), for timestamps in lists; the ISO value goes in <time datetime>. */
export const fmtWhen = (ms: number) => `${when.format(new Date(ms))}`;

/** "just now", "5 min ago", "3 h ago", "2 d ago". */
export function fmtAgo(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

/** The entry point a conversation came from, as pages name it (metadata.via); null when none is recorded. */
export const sourceLabel = (via: unknown): string | null =>
  typeof via !== 'string' ? null : via === 'share_link' ? 'share link' : via === 'marketplace_try' ? 'marketplace try-it' : via;
