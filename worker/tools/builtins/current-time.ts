// current_time: the date and time now, in UTC or a given IANA time zone.
import type { ToolResult } from '../types';

export function currentTime(args: Record<string, unknown>, now = new Date()): ToolResult {
  const timezone = typeof args.timezone === 'string' && args.timezone ? args.timezone : 'UTC';
  let local: string;
  try {
    local = new Intl.DateTimeFormat('en-US', { timeZone: timezone, dateStyle: 'full', timeStyle: 'long' }).format(now);
  } catch {
    return { ok: false, output: `Unknown time zone "${timezone}". Use an IANA name such as "Europe/Paris".` };
  }
  return { ok: true, output: JSON.stringify({ iso: now.toISOString(), timezone, local, unix: Math.floor(now.getTime() / 1000) }) };
}
