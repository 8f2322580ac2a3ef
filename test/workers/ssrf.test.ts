// The SSRF guard (worker/lib/ssrf.ts, worker/lib/outbound.ts): a table of refused URL forms with private addresses
// disallowed (production) and allowed (local development), redirect hops re-checked, size, time and header limits.
import { env } from 'cloudflare:test';
import { describe, expect, it, inject } from 'vitest';
import { parseIPv4, parseIPv6 } from '../../worker/lib/ip-address';
import { OutboundError, outboundFetch, readLimited } from '../../worker/lib/outbound';
import { checkOutboundUrl } from '../../worker/lib/ssrf';

const API = inject('toolsApiUrl');

/** Refused in production (ALLOW_PRIVATE_NETWORK false); the comment names the trick. */
const REFUSED: string[] = [
  'http://127.0.0.1/', // loopback
  'http://127.0.0.1:8787/api', // loopback with a port
  'http://localhost/',
  'http://LOCALHOST:8080/', // case
  'http://localhost./', // trailing dot
  'http://api.localhost/', // *.localhost
  'http://2130706433/', // decimal
  'http://0177.0.0.1/', // octal
  'http://017700000001/', // one octal number
  'http://0x7f.1/', // hex, short form
  'http://0x7f000001/', // one hex number
  'http://0x7f.0.0.0x1/', // mixed hex
  'http://0177.0x0.1/', // mixed octal and hex, short form
  'http://127.1/', // short form
  'http://127.0.0.1./', // trailing dot
  'http://①②⑦.0.0.1/', // full-width digits (IDNA maps them)
  'http://127。0。0。1/', // ideographic full stops
  'http://0/', // 0.0.0.0
  'http://0x/', // also 0.0.0.0
  'http://0.0.0.0:11434/',
  'http://10.0.0.5/', // private
  'http://172.16.3.4/',
  'http://172.31.255.255/',
  'http://192.168.1.1/',
  'http://100.64.0.1/', // carrier-grade NAT
  'http://169.254.169.254/latest/meta-data/', // AWS/GCP/Azure metadata
  'http://169.254.170.2/v2/credentials', // ECS task metadata
  'http://100.100.100.200/latest/meta-data/', // Alibaba metadata
  'http://169.254.1.1/', // link-local
  'http://[::1]/', // IPv6 loopback
  'http://[::]/', // unspecified
  'http://[0:0:0:0:0:0:0:1]/', // long form
  'http://[::ffff:127.0.0.1]/', // IPv4-mapped
  'http://[::ffff:7f00:1]/', // IPv4-mapped, hex
  'http://[::127.0.0.1]/', // IPv4-compatible
  'http://[::ffff:169.254.169.254]/', // mapped metadata
  'http://[::ffff:8.8.8.8]/', // mapped, even a public address
  'http://[64:ff9b::a00:1]/', // NAT64 of 10.0.0.1
  'http://[2002:7f00:1::]/', // 6to4 of 127.0.0.1
  'http://[fe80::1]/', // link-local
  'http://[fc00::1]/', // unique-local
  'http://[fd12:3456::1]/',
  'http://[fd00:ec2::254]/latest/meta-data/', // AWS IPv6 metadata
  'http://[ff02::1]/', // multicast
  'http://[2001:db8::1]/', // documentation
  'http://224.0.0.1/', // multicast
  'http://239.255.255.250:1900/',
  'http://255.255.255.255/', // broadcast
  'http://240.0.0.1/', // reserved
  'http://192.0.2.1/', // documentation
  'http://198.18.0.1/', // benchmarking
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://metadata/', // single label
  'http://intranet/',
  'http://printer.local/', // mDNS
  'http://db.internal/',
  'http://router.home.arpa/',
  'ftp://example.com/file',
  'file:///etc/passwd',
  'gopher://example.com:70/',
  'javascript:alert(1)',
  'data:text/plain,hello',
  'ws://example.com/socket',
  'http://user:pass@example.com/', // credentials in the URL
  'http://example.com@127.0.0.1/', // userinfo trick
  '//example.com/', // not absolute
  'not a url',
];

const ALLOWED = [
  'https://api.openai.com/v1/models',
  'http://example.com/',
  'https://93.184.216.34/',
  'https://8.8.8.8/dns-query',
  'http://[2606:4700:4700::1111]/',
  'https://localhost.example.com/', // a public name that merely contains "localhost"
  'https://10.example.com/',
  'https://api.example.com:8443/v2?x=1',
];

describe('the URL policy without private networks (production)', () => {
  it(`refuses all ${REFUSED.length} forms with a reason`, () => {
    expect(REFUSED.length).toBeGreaterThanOrEqual(30);
    const passed = REFUSED.filter((u) => checkOutboundUrl(u, false).ok);
    expect(passed).toEqual([]);
    for (const u of REFUSED) {
      const v = checkOutboundUrl(u, false);
      if (!v.ok) expect(v.reason.length).toBeGreaterThan(10);
    }
  });

  it('allows public hosts and addresses', () => {
    for (const u of ALLOWED) expect(checkOutboundUrl(u, false), u).toMatchObject({ ok: true });
  });

  it('explains why, and how local development can allow private addresses', () => {
    expect(checkOutboundUrl('http://0x7f.1/', false)).toEqual({
      ok: false,
      reason: expect.stringMatching(/127\.0\.0\.1 is a loopback address.*ALLOW_PRIVATE_NETWORK/),
    });
    expect(checkOutboundUrl('http://169.254.169.254/', false)).toEqual({ ok: false, reason: expect.stringContaining('cloud metadata') });
    expect(checkOutboundUrl('file:///etc/passwd', false)).toEqual({ ok: false, reason: expect.stringContaining('Only http and https') });
  });
});

describe('verdicts kept per host', () => {
  it('gives the same verdicts when asked again, also after more hosts than the memo holds', () => {
    const all = [...REFUSED, ...ALLOWED];
    const first = all.map((u) => [u, checkOutboundUrl(u, false).ok, checkOutboundUrl(u, true).ok]);
    // Fill the per-isolate memo past its bound with distinct public and private names, then ask again.
    for (let i = 0; i < 1_300; i++) {
      expect(checkOutboundUrl(`https://api${i}.example.com/`, false).ok).toBe(true);
      expect(checkOutboundUrl(`http://10.0.${i % 250}.${i >> 8}/`, false).ok).toBe(false);
    }
    expect(all.map((u) => [u, checkOutboundUrl(u, false).ok, checkOutboundUrl(u, true).ok])).toEqual(first);
    expect(first.filter(([, prod]) => prod).map(([u]) => u)).toEqual(ALLOWED);
  });
});

describe('the URL policy with ALLOW_PRIVATE_NETWORK=true (local development)', () => {
  it('lets loopback and private addresses through in every spelling', () => {
    for (const u of [
      'http://127.0.0.1:11434/v1',
      'http://localhost:8080/',
      'http://0x7f.1/',
      'http://2130706433/',
      'http://10.0.0.5/',
      'http://192.168.1.10/',
      'http://[::1]:8080/',
      'http://[fd12::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://ollama/',
      'http://0.0.0.0:11434/',
    ]) {
      expect(checkOutboundUrl(u, true), u).toMatchObject({ ok: true });
    }
  });

  it('never lets metadata addresses, link-local, multicast or other schemes through', () => {
    for (const u of [
      'http://169.254.169.254/',
      'http://[fd00:ec2::254]/',
      'http://metadata.google.internal/',
      'http://169.254.170.2/',
      'http://[::ffff:169.254.169.254]/',
      'http://100.100.100.200/',
      'http://[fe80::1]/',
      'http://169.254.1.1/',
      'http://224.0.0.1/',
      'ftp://127.0.0.1/',
      'file:///etc/passwd',
      'http://u:p@127.0.0.1/',
    ]) {
      expect(checkOutboundUrl(u, true), u).toMatchObject({ ok: false });
    }
  });
});

describe('IPv6 forms that carry an IPv4 address are judged by that address', () => {
  // [URL, embedded IPv4 it must be judged as]. Each form spells a private, loopback or metadata address.
  const FORMS: [string, string][] = [
    ['http://[::ffff:0:7f00:1]/', '127.0.0.1'], // IPv4-translated ::ffff:0:0/96
    ['http://[::ffff:0:127.0.0.1]/', '127.0.0.1'], // the same, dotted
    ['http://[::a00:1]/', '10.0.0.1'], // IPv4-compatible ::/96
    ['http://[64:ff9b::c0a8:101]/', '192.168.1.1'], // NAT64 well-known prefix
    ['http://[64:ff9b:1::7f00:1]/', '127.0.0.1'], // local-use NAT64 /48 space, /96 layout
    // Local-use NAT64 with the /48 and /64 layouts (RFC 6052, u octet skipped): the prefix length is the operator's,
    // so every place is judged and the reason may name another reading; '' skips the name check.
    ['http://[64:ff9b:1:7f00:0:100::]/', ''],
    ['http://[64:ff9b:1:a:7f:0:100::]/', ''],
    ['http://[2002:a00:1::1]/', '10.0.0.1'], // 6to4
    ['http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/', ''], // Teredo client 127.0.0.1 (stored inverted; 2001::/23 is refused anyway)
    ['http://[2001:db9::5efe:a00:1]/', '10.0.0.1'], // ISATAP interface id
  ];

  it('refuses every form in production, naming the IPv4 it carries', () => {
    // With private networks allowed (local development) the loopback and private ones pass, as their IPv4 would.
    expect(checkOutboundUrl('http://[::ffff:0:7f00:1]/', true)).toMatchObject({ ok: true });
    for (const [u, v4] of FORMS) {
      const v = checkOutboundUrl(u, false);
      expect(v, u).toMatchObject({ ok: false });
      if (!v.ok && v4) expect(v.reason, u).toContain(v4);
    }
  });

  it('refuses metadata addresses in every form even when private networks are allowed', () => {
    const metadata = [
      'http://[::ffff:0:a9fe:a9fe]/',
      'http://[::a9fe:a9fe]/',
      'http://[64:ff9b::a9fe:a9fe]/',
      'http://[64:ff9b:1::a9fe:a9fe]/',
      'http://[64:ff9b:1:a9fe:a9:fe00::]/',
      'http://[2002:a9fe:a9fe::]/',
      'http://[2001:0:a9fe:a9fe::]/',
      'http://[2001:0:1:2:0:0:5601:5601]/',
      'http://[fd00::5efe:a9fe:a9fe]/',
    ];
    for (const u of metadata) {
      const v = checkOutboundUrl(u, true);
      expect(v, u).toMatchObject({ ok: false });
      if (!v.ok) expect(v.reason, u).toContain('cloud metadata');
    }
  });

  it('leaves ordinary public IPv6 addresses alone', () => {
    for (const u of ['http://[2606:4700:4700::1111]/', 'http://[2a00:1450:4001:80b::200e]/']) expect(checkOutboundUrl(u, false), u).toMatchObject({ ok: true });
  });
});

describe('IP literal parsing (defence in depth, independent of the URL parser)', () => {
  it('reads every inet_aton spelling of 127.0.0.1 and refuses malformed ones', () => {
    for (const s of ['127.0.0.1', '2130706433', '0177.0.0.1', '0x7f.1', '0x7F.0.0.1', '127.1', '127.0.1', '017700000001', '0x7f000001', '127.0.0.1.'])
      expect(parseIPv4(s), s).toBe(0x7f000001);
    for (const s of ['256.0.0.1', '1.2.3.4.5', '08.1', '0x1g', 'example.com', '1.2.3.256', '4294967296', '']) expect(parseIPv4(s), s).toBeNull();
    expect(parseIPv4('0x')).toBe(0); // as the URL standard reads it: 0.0.0.0
  });

  it('reads IPv6 with compression and embedded IPv4', () => {
    expect(parseIPv6('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIPv6('[::ffff:127.0.0.1]')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(parseIPv6('fd00:ec2::254')).toEqual([0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254]);
    for (const s of ['1::2::3', 'fe80::1%eth0', '12345::', '::ffff:1.2.3', 'hello']) expect(parseIPv6(s), s).toBeNull();
  });
});

describe('redirect hops', () => {
  it('re-checks each hop with the production policy: a public URL redirecting to a private one is refused', async () => {
    const seen: string[] = [];
    const fake = (async (input: RequestInfo | URL) => {
      const url = input instanceof Request ? input.url : String(input);
      seen.push(url);
      return new Response(null, { status: 302, headers: { location: 'http://0x0a000001/admin' } });
    }) as typeof fetch;
    const f = outboundFetch({ ALLOW_PRIVATE_NETWORK: 'false' }, { transport: fake });
    await expect(f('https://public.example.com/start')).rejects.toMatchObject({ code: 'blocked', message: expect.stringContaining('10.0.0.1') });
    expect(seen).toEqual(['https://public.example.com/start']); // the private hop was never requested
  });

  it('refuses a redirect to a metadata address or another scheme end to end, even with private networks allowed', async () => {
    const f = outboundFetch(env);
    for (const to of [
      'http://169.254.169.254/latest/meta-data/iam',
      'http://[fd00:ec2::254]/',
      'http://metadata.google.internal/',
      'file:///etc/passwd',
      'gopher://127.0.0.1/',
    ]) {
      const err = await f(`${API}/redirect?to=${encodeURIComponent(to)}`).catch((e) => e);
      expect(err, to).toBeInstanceOf(OutboundError);
      expect(err.code).toBe('blocked');
    }
    expect(await (await f(`${API}/redirect?to=/health`)).json()).toEqual({ ok: true });
  });

  it('follows at most 5 redirects', async () => {
    const f = outboundFetch(env);
    expect(await (await f(`${API}/hops/5`)).text()).toBe('arrived');
    await expect(f(`${API}/hops/6`)).rejects.toMatchObject({ code: 'redirects' });
  });

  it('drops credentials when a redirect leaves the origin, keeps them on the same origin', async () => {
    const f = outboundFetch(env);
    const headers = { authorization: 'Bearer secret-token-1', 'x-api-key': 'k-2' };
    const same = (await (await f(`${API}/redirect?to=/echo`, { headers })).json()) as any;
    expect(same.headers).toMatchObject({ authorization: 'Bearer secret-token-1', 'x-api-key': 'k-2' });
    const other = `http://localhost:${new URL(API).port}/echo`;
    const cross = (await (await f(`${API}/redirect?to=${encodeURIComponent(other)}`, { headers })).json()) as any;
    expect(cross.path).toBe('/echo');
    expect(cross.headers.authorization).toBeUndefined();
    expect(cross.headers['x-api-key']).toBeUndefined();
  });

  it('turns POST into GET on 303, keeps method and body on 307', async () => {
    const f = outboundFetch(env);
    const post = (status: number) =>
      f(`${API}/redirect?status=${status}&to=/echo`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(await (await post(303)).json()).toMatchObject({ method: 'GET', body: '' });
    expect(await (await post(307)).json()).toMatchObject({ method: 'POST', body: { a: 1 } });
  });
});

describe('size, time and network limits', () => {
  it('refuses an answer over the size limit, declared or streamed, and readLimited cuts at its limit', async () => {
    const f = outboundFetch(env, { maxBytes: 100_000 });
    await expect(f(`${API}/big?bytes=300000&declared=1`)).rejects.toMatchObject({ code: 'too_large' });
    const streamed = await f(`${API}/big?bytes=300000`);
    await expect(streamed.text()).rejects.toMatchObject({ code: 'too_large' });
    const cut = await readLimited(await f(`${API}/big?bytes=300000`), 50_000);
    expect(cut).toEqual({ text: 'a'.repeat(50_000), truncated: true });
    const whole = await readLimited(await f(`${API}/big?bytes=5000`), 50_000);
    expect(whole).toEqual({ text: 'a'.repeat(5000), truncated: false });
  });

  it('gives up after the time limit', async () => {
    const started = Date.now();
    await expect(outboundFetch(env, { timeoutMs: 300 })(`${API}/slow?ms=3000`)).rejects.toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('reports an unreachable server as such', async () => {
    await expect(outboundFetch(env)('http://127.0.0.1:9/')).rejects.toMatchObject({ code: 'unreachable' });
  });
});
