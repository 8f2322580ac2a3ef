// IP literal parsing for the SSRF guard: IPv4 in every inet_aton spelling (decimal, octal, hex, short forms) and
// IPv6 (with embedded IPv4), so the guard judges the address a host string really names.

/** The 32-bit value of an IPv4 literal such as `127.0.0.1`, `2130706433`, `0177.1`, `0x7f.0.0.1`; else null. */
export function parseIPv4(host: string): number | null {
  const parts = host.split('.');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop(); // one trailing dot is allowed, as in URLs
  if (parts.length < 1 || parts.length > 4) return null;
  const nums: number[] = [];
  for (const p of parts) {
    let n: number;
    if (/^0x[0-9a-f]*$/i.test(p)) n = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) n = parseInt(p, 8);
    else if (/^[1-9][0-9]*$/.test(p)) n = parseInt(p, 10);
    else return null;
    if (!Number.isSafeInteger(n)) return null;
    nums.push(n);
  }
  const last = nums.pop()!;
  if (nums.some((n) => n > 255) || last >= 256 ** (4 - nums.length)) return null;
  return nums.reduce((acc, n, i) => acc + n * 256 ** (3 - i), 0) + last;
}

/** True when every label looks numeric: such a host is an IP literal attempt, never a DNS name. */
export function looksNumeric(host: string): boolean {
  const labels = host.replace(/\.$/, '').split('.');
  return /^(0x[0-9a-f]*|[0-9]+)$/i.test(labels[labels.length - 1] ?? '');
}

/** The eight 16-bit groups of an IPv6 literal (brackets optional), or null. Zone ids are refused (null). */
export function parseIPv6(input: string): number[] | null {
  let s = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  if (!s.includes(':') || s.includes('%')) return null;
  const lastColon = s.lastIndexOf(':');
  const maybeV4 = s.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    // `::ffff:127.0.0.1` → `::ffff:7f00:1`: the dotted tail becomes two groups, then the usual parse applies.
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(maybeV4)) return null;
    const v4 = maybeV4.split('.').map(Number);
    if (v4.some((n) => n > 255)) return null;
    s = `${s.slice(0, lastColon + 1)}${(v4[0]! * 256 + v4[1]!).toString(16)}:${(v4[2]! * 256 + v4[3]!).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const group = (h: string) => (h === '' ? [] : h.split(':'));
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  if ([...head, ...rest].some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  const known = head.length + rest.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return null;
  const zeros = new Array(8 - known).fill(0);
  return [...head.map((g) => parseInt(g, 16)), ...(halves.length === 2 ? zeros : []), ...rest.map((g) => parseInt(g, 16))];
}

export const formatIPv4 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** Whether `ip` is in the network `net`/`bits` (both already parsed). */
export function inV4Net(ip: number, b: number, bits: number): boolean {
  if (bits === 0) return true;
  const mask = bits === 32 ? 0xffffffff : (~0 << (32 - bits)) >>> 0;
  return (ip & mask) >>> 0 === (b & mask) >>> 0;
}

/** Whether the address `groups` is in the network `b`/`bits` (both already parsed, 8 groups of 16 bits). */
export function inV6Net(groups: number[], b: number[], bits: number): boolean {
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const take = Math.min(16, bits);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if ((groups[i]! & mask) !== (b[i]! & mask)) return false;
  }
  return true;
}

/**
 * Every IPv4 address an IPv6 address may carry, one per form it matches; [] when it embeds none:
 * IPv4-mapped `::ffff:0:0/96`, IPv4-translated `::ffff:0:0:0/96` (RFC 2765), IPv4-compatible `::/96` (but `::`, `::1`),
 * NAT64 `64:ff9b::/96` and the local-use `64:ff9b:1::/48` (RFC 8215, where the IPv4 sits where the operator's prefix
 * length puts it, RFC 6052: every possible place is returned), 6to4 `2002::/16`, Teredo `2001::/32` (server and the
 * client, stored inverted) and ISATAP interface ids (`…:0:5efe:a.b.c.d`, `…:200:5efe:a.b.c.d`).
 */
export function embeddedIPv4s(g: number[]): number[] {
  const v4 = (hi: number, lo: number) => hi * 65536 + lo;
  const bytes = g.flatMap((x) => [x >> 8, x & 255]);
  const at = (...i: number[]) => i.reduce((acc, k) => acc * 256 + bytes[k]!, 0);
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const out: number[] = [];
  if (zero(0, 5) && g[5] === 0xffff) out.push(v4(g[6]!, g[7]!));
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) out.push(v4(g[6]!, g[7]!));
  if (zero(0, 6) && !(g[6] === 0 && g[7]! <= 1)) out.push(v4(g[6]!, g[7]!));
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) out.push(v4(g[6]!, g[7]!));
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) {
    // RFC 6052 layouts for prefixes /96, /64, /56 and /48 (bits 64-71 are the reserved "u" octet, skipped); an
    // empty (0.0.0.0) place only counts when every place is empty.
    const places = [at(12, 13, 14, 15), at(9, 10, 11, 12), at(7, 9, 10, 11), at(6, 7, 9, 10)];
    const used = places.filter((p) => p !== 0);
    out.push(...(used.length ? used : [0]));
  }
  if (g[0] === 0x2002) out.push(v4(g[1]!, g[2]!));
  if (g[0] === 0x2001 && g[1] === 0) out.push(v4(g[2]!, g[3]!), v4(g[6]! ^ 0xffff, g[7]! ^ 0xffff));
  if ((g[4] === 0 || g[4] === 0x200) && g[5] === 0x5efe) out.push(v4(g[6]!, g[7]!));
  return out;
}
