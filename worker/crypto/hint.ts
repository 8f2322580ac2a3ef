// The masked hint shown for a stored credential (`sk-…9fQa`): enough to recognise a key, never to rebuild it.

/**
 * Long secrets show their first 3 and last 4 characters; medium ones only the last 2; short ones nothing, so at
 * least 13 characters always stay hidden (a 20-character key reveals 7).
 */
export function secretHint(secret: string): string {
  const chars = [...secret];
  if (chars.length >= 20) return `${chars.slice(0, 3).join('')}…${chars.slice(-4).join('')}`;
  if (chars.length >= 15) return `…${chars.slice(-2).join('')}`;
  return '…';
}
