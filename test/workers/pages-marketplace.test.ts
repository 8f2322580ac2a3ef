// The public marketplace pages (worker/routes/pages/marketplace.tsx): /marketplace (directory, search, htmx results),
// /marketplace/:slug, /creators/:slug, /sitemap.xml and /robots.txt. Server-rendered without JavaScript, with title,
// meta description, OpenGraph and canonical; every creator field escaped; a paid listing's instructions never shown;
// unpublish/remove → gone from the detail page, the creator page, search and the sitemap at once; ETag/304.
import { SELF, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, getPage, signup } from './helpers';
import { seedListing } from './helpers/marketplace';

const page = (path: string, headers: Record<string, string> = {}) =>
  SELF.fetch(BASE + path, { headers: { accept: 'text/html', ...headers }, redirect: 'manual' });
const XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>';

async function creatorSlug(tenantId: string) {
  return (await env.DB.prepare(`select slug from creator_profiles where tenant_id = ?1`).bind(tenantId).first<{ slug: string }>())!.slug;
}

describe('/marketplace', () => {
  it('renders the directory with metadata, category chips with counts and result cards, without JavaScript', async () => {
    const owner = await signup('Directory Co');
    const word = `quokka${crypto.randomUUID().slice(0, 6)}`;
    const l = await seedListing(owner, { title: `Directory ${word}`, tagline: 'A directory probe', category: 'research' });
    const res = await page('/marketplace');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, no-cache');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    const html = await res.text();
    expect(html).toContain('<title>Agent Marketplace · Edgent</title>');
    expect(html).toMatch(/<meta name="description" content="[^"]+"/);
    expect(html).toContain('<meta property="og:title" content="Agent Marketplace"');
    expect(html).toContain('<meta property="og:type" content="website"');
    expect(html).toContain(`<meta property="og:url" content="${BASE}/marketplace"`);
    expect(html).toContain(`<link rel="canonical" href="${BASE}/marketplace"`);
    expect(html).toContain('<form class="mkt-search" method="get" action="/marketplace"');
    expect(html).toMatch(/href="\/marketplace\?category=research"[^>]*>Research <span class="mkt-chip-count">\d+<\/span>/);

    const search = await (await page(`/marketplace?q=${word}`)).text();
    expect(search).toContain(`href="/marketplace/${l.slug}"`);
    expect(search).toContain(`<mark>${word}</mark>`);
    expect(search).toContain(`value="${word}"`);
  });

  it('answers htmx with the results list only (the search-as-you-type swap)', async () => {
    const owner = await signup('Htmx Co');
    const word = `wombat${crypto.randomUUID().slice(0, 6)}`;
    await seedListing(owner, { title: `Htmx ${word}` });
    const res = await page(`/marketplace?q=${word.slice(0, 5)}`, { 'hx-request': 'true', 'hx-target': 'section#mkt-results' });
    expect(res.status).toBe(200);
    expect(res.headers.get('vary')).toContain('HX-Request');
    const html = await res.text();
    expect(html.startsWith('<section id="mkt-results"')).toBe(true);
    expect(html).not.toContain('<html');
    expect(html).toContain(`<mark>${word}</mark>`);
  });

  it('filters by category, tag and price, and ignores invalid filters instead of failing', async () => {
    const owner = await signup('Filter Co');
    const word = `ibex${crypto.randomUUID().slice(0, 6)}`;
    const free = await seedListing(owner, { title: `Free ${word}`, category: 'finance', tags: ['ledger'] });
    const paid = await seedListing(owner, { title: `Paid ${word}`, category: 'finance', pricing: { type: 'subscription', monthly_usd: 9 } });
    const paidOnly = await (await page(`/marketplace?q=${word}&pricing=paid`)).text();
    expect(paidOnly).toContain(paid.slug);
    expect(paidOnly).not.toContain(free.slug);
    expect(paidOnly).toContain('$9.00/mo');
    const tagged = await (await page(`/marketplace?tag=ledger&q=${word}`)).text();
    expect(tagged).toContain(free.slug);
    expect(tagged).not.toContain(paid.slug);
    const res = await page(`/marketplace?q=${word}&sort=bogus&category=nope&pricing=x&limit=9999&cursor=%%%`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(free.slug);
  });

  it('answers 304 for a matching If-None-Match, and a new ETag when the content changes', async () => {
    const owner = await signup('Etag Co');
    const l = await seedListing(owner, { title: 'Etag Probe' });
    const first = await page(`/marketplace/${l.slug}`);
    const etag = first.headers.get('etag')!;
    expect(first.status).toBe(200);
    const again = await page(`/marketplace/${l.slug}`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    await env.DB.prepare(`update listings set tagline = 'Changed tagline' where id = ?1`).bind(l.id).run();
    const changed = await page(`/marketplace/${l.slug}`, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });
});

describe('/marketplace/:slug', () => {
  it('shows everything a visitor needs, with OpenGraph for an https icon, and escapes every creator field', async () => {
    const owner = await signup(`Evil ${XSS}`);
    const l = await seedListing(owner, {
      title: `Title ${XSS}`,
      tagline: `Tagline ${XSS}`,
      description: `# Heading\n\nBody ${XSS} **bold**\n\n[link](javascript:alert(3))`,
      tags: ['safe-tag'],
      instructions: `Instructions ${XSS}`,
    });
    await env.DB.batch([
      env.DB.prepare(`update listings set icon = 'https://cdn.test/icon.png', media = ?2 where id = ?1`).bind(
        l.id,
        JSON.stringify({
          screenshots: [
            { url: 'https://cdn.test/shot.png', caption: `Caption ${XSS}"` },
            { url: 'javascript:alert(4)', caption: 'bad' },
          ],
          example: [
            { role: 'user', content: `Question ${XSS}` },
            { role: 'assistant', content: `Answer ${XSS}` },
          ],
        }),
      ),
      env.DB.prepare(`update creator_profiles set display_name = ?2, bio = ?3, website = ?4 where tenant_id = ?1`).bind(
        owner.tenant.id,
        `Creator ${XSS}`,
        `Bio ${XSS}`,
        'https://creator.test/?a=1&b="2"',
      ),
    ]);
    const res = await page(`/marketplace/${l.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, no-cache');
    expect(res.headers.get('content-security-policy')).toContain("img-src 'self' data: https:");
    const html = await res.text();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('src="javascript:');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('Title &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<h3>Heading</h3>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('Caption &lt;script&gt;');
    expect(html).toContain('Question &lt;script&gt;');
    expect(html).toContain('Creator &lt;script&gt;');
    expect(html).toContain('<meta property="og:image" content="https://cdn.test/icon.png"');
    expect(html).toContain('<meta property="og:type" content="product"');
    expect(html).toContain(`<link rel="canonical" href="${BASE}/marketplace/${l.slug}"`);
    expect(html).toContain('src="https://cdn.test/shot.png"');
    expect(html).toContain('Instructions &lt;script&gt;');
    expect(html).toContain('Version history');
    expect(html).toContain('class="mkt-install"');
    expect(html).toContain('id="reviews"');
    expect(html).toContain('href="/marketplace?tag=safe-tag"');

    const creator = await (await page(`/creators/${await creatorSlug(owner.tenant.id)}`)).text();
    expect(creator).not.toContain('<script>alert');
    expect(creator).not.toContain('<img src=x');
    expect(creator).toContain('Bio &lt;script&gt;');
    expect(creator).toContain('rel="nofollow noopener ugc"');
    expect(creator).toContain('href="https://creator.test/?a=1&amp;b=&quot;2&quot;"');
    expect(creator).toContain('<meta property="og:type" content="profile"');
  });

  it('never shows a paid listing’s instructions', async () => {
    const owner = await signup('Paid Page Co');
    const l = await seedListing(owner, { title: 'Paid Page Agent', pricing: { type: 'subscription', monthly_usd: 29 }, instructions: 'PAID-SECRET-PROMPT' });
    const html = await (await page(`/marketplace/${l.slug}`)).text();
    expect(html).not.toContain('PAID-SECRET-PROMPT');
    expect(html).toContain('$29.00');
  });

  it('a signed-in viewer gets a private page (the install panel knows them); 404 for unknown slugs', async () => {
    const owner = await signup('Viewer Co');
    const l = await seedListing(owner, { title: 'Viewer Probe' });
    const res = await getPage(owner, `/marketplace/${l.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(res.headers.get('vary')).toContain('Cookie');
    expect((await page('/marketplace/no-such-listing-here')).status).toBe(404);
    expect((await page('/creators/no-such-creator-here')).status).toBe(404);
  });

  it('unpublishing or removing takes a listing off its page, its creator’s page, search and the sitemap at once', async () => {
    const owner = await signup('Unpublish Co');
    const word = `okapi${crypto.randomUUID().slice(0, 6)}`;
    const keep = await seedListing(owner, { title: `Kept ${word}` });
    const l = await seedListing(owner, { title: `Going ${word}` });
    const creator = await creatorSlug(owner.tenant.id);
    const etag = (await page(`/marketplace/${l.slug}`)).headers.get('etag')!;
    expect(await (await page('/sitemap.xml')).text()).toContain(`/marketplace/${l.slug}</loc>`);
    for (const status of ['unpublished', 'removed']) {
      await env.DB.prepare(`update listings set status = ?2 where id = ?1`).bind(l.id, status).run();
      expect((await page(`/marketplace/${l.slug}`, { 'if-none-match': etag })).status).toBe(404);
      const creatorPage = await (await page(`/creators/${creator}`)).text();
      expect(creatorPage).toContain(keep.slug);
      expect(creatorPage).not.toContain(l.slug);
      const search = await (await page(`/marketplace?q=${word}`)).text();
      expect(search).toContain(keep.slug);
      expect(search).not.toContain(l.slug);
      expect(await (await page('/sitemap.xml')).text()).not.toContain(l.slug);
      await env.DB.prepare(`update listings set status = 'published' where id = ?1`).bind(l.id).run();
    }
    // A creator with nothing published has no page.
    await env.DB.prepare(`update listings set status = 'unpublished' where tenant_id = ?1`).bind(owner.tenant.id).run();
    expect((await page(`/creators/${creator}`)).status).toBe(404);
    expect(await (await page('/sitemap.xml')).text()).not.toContain(`/creators/${creator}<`);
  });
});

describe('/sitemap.xml and /robots.txt', () => {
  it('lists the directory, every category, every published listing and creator, XML-escaped with absolute URLs', async () => {
    const owner = await signup('Sitemap & Co');
    const l = await seedListing(owner, { title: 'Sitemap Probe' });
    const res = await page('/sitemap.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/xml');
    const xml = await res.text();
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).toContain(`<loc>${BASE}/marketplace</loc>`);
    expect(xml).toContain(`<loc>${BASE}/marketplace?category=customer-support</loc>`);
    expect(xml).toContain(`<loc>${BASE}/marketplace/${l.slug}</loc>`);
    expect(xml).toContain(`<loc>${BASE}/creators/${await creatorSlug(owner.tenant.id)}</loc>`);
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
    const robots = await page('/robots.txt');
    expect(robots.status).toBe(200);
    expect(await robots.text()).toContain(`Sitemap: ${BASE}/sitemap.xml`);
  });

  it('the app nav and the public footer link to the marketplace', async () => {
    const owner = await signup('Nav Co');
    expect(await (await getPage(owner, '/app')).text()).toContain('href="/marketplace"');
    expect(await (await page('/login')).text()).toContain('href="/marketplace"');
  });
});
