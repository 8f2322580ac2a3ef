// Where a page may send a browser after login (`next`): only a path of this site, never another origin.

/**
 * `next` as a same-origin path (path, query and hash, as the URL parser serialises them), else `fallback`.
 * Parsing with URL against the request's origin does what a browser would: tabs and newlines are dropped,
 * backslashes count as slashes, `..` is resolved. So `/\t/evil.example` (which a browser reads as `//evil.example`)
 * is refused, and what is returned can never break a Location header.
 */
export function safeRedirectPath(next: unknown, origin: string, fallback = '/app'): string {
  if (typeof next !== 'string' || !next.startsWith('/')) return fallback;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(origin).origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/a/..//evil.example` resolves to the path `//evil.example`, which a browser would read as another host.
  return path.startsWith('/') && !path.startsWith('//') ? path : fallback;
}
