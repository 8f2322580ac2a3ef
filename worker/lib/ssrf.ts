/**
 * The SSRF guard's policy: may the platform call this tenant-chosen URL? A pure function of the URL and the
 * ALLOW_PRIVATE_NETWORK flag, applied by lib/outbound.ts to the first request and to every redirect hop.
 *
 * Covered: schemes (http/https only), credentials in the URL, IP literals in every spelling (the URL parser and
 * parseIPv4 both normalise decimal `2130706433`, octal `0177.0.0.1`, hex `0x7f.1`, short `127.1` forms), IPv6
 * with embedded IPv4 (every form in ip-address.ts embeddedIPv4s, judged by the IPv4 it carries), and names that are not public DNS names (`localhost`,
 * `*.localhost`, single labels, `.local`, `.internal`, cloud metadata names).
 * Not covered: a public DNS name that resolves to a private address (or rebinds to one). Workers cannot resolve a
 * name before fetch, so the name cannot be checked here; on Cloudflare this is mitigated by the platform itself,
 * whose fetch() cannot reach private networks or its own internal addresses. This guard is the policy layer.
 */
import { embeddedIPv4s, formatIPv4, inV4Net, inV6Net, looksNumeric, parseIPv4, parseIPv6 } from './ip-address';

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

/** private: allowed only with ALLOW_PRIVATE_NETWORK; blocked and metadata: never. */
type AddressClass = { kind: 'public' } | { kind: 'private' | 'blocked' | 'metadata'; what: string };

const V4_RANGES: [string, number, string, 'private' | 'blocked'][] = [
  ['0.0.0.0', 8, '"this network" (0.0.0.0/8)', 'private'],
  ['10.0.0.0', 8, 'private (10.0.0.0/8)', 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT (100.64.0.0/10)', 'private'],
  ['127.0.0.0', 8, 'loopback', 'private'],
  ['169.254.0.0', 16, 'link-local (169.254.0.0/16)', 'blocked'],
  ['172.16.0.0', 12, 'private (172.16.0.0/12)', 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignment (192.0.0.0/24)', 'blocked'],
  ['192.0.2.0', 24, 'documentation (192.0.2.0/24)', 'blocked'],
  ['192.88.99.0', 24, '6to4 relay anycast', 'blocked'],
  ['192.168.0.0', 16, 'private (192.168.0.0/16)', 'private'],
  ['198.18.0.0', 15, 'benchmarking (198.18.0.0/15)', 'blocked'],
  ['198.51.100.0', 24, 'documentation (198.51.100.0/24)', 'blocked'],
  ['203.0.113.0', 24, 'documentation (203.0.113.0/24)', 'blocked'],
  ['224.0.0.0', 4, 'multicast', 'blocked'],
  ['240.0.0.0', 4, 'reserved (240.0.0.0/4)', 'blocked'],
];

const V6_RANGES: [string, number, string, 'private' | 'blocked'][] = [
  ['::', 128, 'unspecified (::)', 'blocked'],
  ['::1', 128, 'loopback', 'private'],
  ['100::', 64, 'discard-only (100::/64)', 'blocked'],
  ['2001::', 23, 'IETF protocol assignment (2001::/23, incl. Teredo)', 'blocked'],
  ['2001:db8::', 32, 'documentation (2001:db8::/32)', 'blocked'],
  ['fc00::', 7, 'unique-local (fc00::/7)', 'private'],
  ['fe80::', 10, 'link-local (fe80::/10)', 'blocked'],
  ['fec0::', 10, 'site-local (fec0::/10)', 'blocked'],
  ['ff00::', 8, 'multicast', 'blocked'],
];

/** Cloud instance metadata endpoints: refused even when private addresses are allowed. */
const METADATA_V4 = new Set(['169.254.169.254', '169.254.170.2', '169.254.170.23', '100.100.100.200', '192.0.0.192'].map((a) => parseIPv4(a)!));
const METADATA_V6 = ['fd00:ec2::254', 'fd00:ec2::23'].map((a) => parseIPv6(a)!.join(':'));
const METADATA_NAMES = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.azure.internal',
]);
/** Suffixes of names that only resolve inside a network (RFC 6761/6762/8375, cloud-internal zones). */
const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa', '.lan', '.intranet', '.corp'];

/** The ranges parsed once, at load: classifying is on every outbound call, the model's included. */
const V4_NETS = V4_RANGES.map(([base, bits, what, kind]) => ({ net: parseIPv4(base)!, bits, what, kind }));
const V6_NETS = V6_RANGES.map(([base, bits, what, kind]) => ({ net: parseIPv6(base)!, bits, what, kind }));

function classifyV4(ip: number): AddressClass {
  if (METADATA_V4.has(ip)) return { kind: 'metadata', what: 'cloud metadata' };
  if (ip === 0xffffffff) return { kind: 'blocked', what: 'broadcast' };
  const hit = V4_NETS.find((r) => inV4Net(ip, r.net, r.bits));
  return hit ? { kind: hit.kind, what: hit.what } : { kind: 'public' };
}

const SEVERITY = { public: 0, private: 1, blocked: 2, metadata: 3 } as const;
const worst = (a: AddressClass, b: AddressClass) => (SEVERITY[b.kind] > SEVERITY[a.kind] ? b : a);

function classifyV6(g: number[]): AddressClass {
  if (METADATA_V6.includes(g.join(':'))) return { kind: 'metadata', what: 'cloud metadata' };
  const hit = V6_NETS.find((r) => inV6Net(g, r.net, r.bits));
  const range: AddressClass = hit ? { kind: hit.kind, what: hit.what } : { kind: 'public' };
  const embedded = embeddedIPv4s(g);
  if (!embedded.length) return range;
  // An IPv4 address dressed as IPv6 is never needed by a real API: judged by the IPv4 it carries (the worst of
  // them when the form is ambiguous), and at least private.
  const judged = embedded
    .map((v4) => ({ v4, c: classifyV4(v4) }))
    .filter((x) => x.c.kind !== 'public')
    .sort((a, b) => SEVERITY[b.c.kind] - SEVERITY[a.c.kind])[0];
  const inner: AddressClass =
    judged && judged.c.kind !== 'public'
      ? { kind: judged.c.kind, what: `${judged.c.what}, as IPv4-embedded IPv6 (${formatIPv4(judged.v4)})` }
      : { kind: 'private', what: 'IPv4-embedded IPv6' };
  return worst(range, inner);
}

type HostClass = AddressClass | { kind: 'invalid'; what: string };

/**
 * Verdicts per host name, kept per isolate: classifying is a pure function of the name, and the model call of every
 * chat turn asks again for the same few hosts (parsing an address literal was ~45 µs of each turn's CPU). Bounded: a
 * full memo starts over.
 */
const HOST_MEMO = new Map<string, HostClass>();
const HOST_MEMO_MAX = 512;

function classifyHost(hostname: string): HostClass {
  let c = HOST_MEMO.get(hostname);
  if (!c) {
    if (HOST_MEMO.size >= HOST_MEMO_MAX) HOST_MEMO.clear();
    HOST_MEMO.set(hostname, (c = classifyHostNow(hostname)));
  }
  return c;
}

function classifyHostNow(hostname: string): HostClass {
  const host = hostname.toLowerCase();
  if (host.startsWith('[')) {
    const g = parseIPv6(host);
    return g ? classifyV6(g) : { kind: 'invalid', what: 'an IPv6 literal that cannot be checked' };
  }
  if (looksNumeric(host)) {
    const ip = parseIPv4(host);
    return ip === null ? { kind: 'invalid', what: 'a malformed IP address' } : classifyV4(ip);
  }
  const name = host.replace(/\.$/, '');
  if (METADATA_NAMES.has(name)) return { kind: 'metadata', what: 'cloud metadata' };
  if (name === 'localhost' || name.endsWith('.localhost')) return { kind: 'private', what: 'loopback (localhost)' };
  if (!name.includes('.')) return { kind: 'private', what: 'single-label (not a public DNS name)' };
  if (LOCAL_SUFFIXES.some((s) => name.endsWith(s))) return { kind: 'private', what: 'local-network name' };
  return { kind: 'public' };
}

/** Whether the platform may call `input`; `allowPrivate` is ALLOW_PRIVATE_NETWORK (local development only). */
export function checkOutboundUrl(input: string | URL, allowPrivate: boolean): UrlVerdict {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    return { ok: false, reason: `"${String(input).slice(0, 200)}" is not an absolute URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: `Only http and https URLs can be called (got ${url.protocol})` };
  if (url.username || url.password) return { ok: false, reason: 'URLs with user names or passwords are refused: put credentials in a connection' };
  const c = classifyHost(url.hostname);
  if (c.kind === 'public') return { ok: true, url };
  if (c.kind === 'private' && allowPrivate) return { ok: true, url };
  const hint = c.kind === 'private' ? ' (a local development setup may allow it with ALLOW_PRIVATE_NETWORK=true)' : '';
  return { ok: false, reason: `Blocked by the network guard: ${url.hostname} is ${c.kind === 'invalid' ? c.what : `a ${c.what} address`}${hint}` };
}
