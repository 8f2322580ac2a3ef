// The operator's moderation pages (issue 18 §4; worker/routes/pages/operator.tsx, views/pages/operator-page.tsx) and
// the detail page's community components (views/marketplace/reviews-section.tsx, try-it-section.tsx, report-form.tsx):
// sign-in with the token sets an HttpOnly SameSite=Strict cookie holding a MAC (never the token); wrong token 401;
// actions without the cookie 401; remove/restore/resolve through the forms; everything users wrote is escaped.
import { SELF, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, api, signup, uniqueIp } from './helpers';
import { renderReportForm, renderReviews, renderTryIt } from './helpers/community-views';
import { seedListing } from './helpers/marketplace';

const TOKEN = (env as unknown as { OPERATOR_TOKEN: string }).OPERATOR_TOKEN;

function form(path: string, fields: Record<string, string>, cookie?: string) {
  return SELF.fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}
const page = (path: string, cookie?: string) =>
  SELF.fetch(`${BASE}${path}`, { headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) }, redirect: 'manual' });

async function signIn(): Promise<string> {
  const res = await form('/operator/login', { token: TOKEN });
  expect(res.status).toBe(303);
  const set = res.headers.get('set-cookie')!;
  expect(set).toMatch(/HttpOnly/i);
  expect(set).toMatch(/SameSite=Strict/i);
  expect(set).not.toContain(TOKEN);
  return /(edgent_operator=[^;]+)/.exec(set)![1]!;
}

describe('/operator pages', () => {
  it('shows the sign-in form; a wrong token is 401; the right one sets a MAC cookie (never the token)', async () => {
    const res = await page('/operator');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Operator sign-in');
    const wrong = await form('/operator/login', { token: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const cookie = await signIn();
    const home = await page('/operator', cookie);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Marketplace moderation');
    // a forged cookie opens nothing
    expect(await (await page('/operator', 'edgent_operator=forged')).text()).toContain('Operator sign-in');
  });

  it('actions need the cookie (401), and work with it: remove (the detail lookup 404s at once), restore, resolve', async () => {
    const creator = await signup('Creator <Co>');
    const listing = await seedListing(creator, { title: 'Evil <img src=x onerror=alert(1)> bot' });
    const rep = await api(`/api/v1/marketplace/listings/${listing.slug}/reports`, {
      body: { reason: 'malicious', text: '<script>alert("x")</script>' },
      as: { ip: uniqueIp() },
    });
    const { id: reportId } = (await rep.json()) as { id: string };
    expect((await form(`/operator/listings/${listing.id}/remove`, { reason: 'x' })).status).toBe(401);
    expect((await form(`/operator/listings/${listing.id}/remove`, { reason: 'x' }, 'edgent_operator=forged')).status).toBe(401);

    const cookie = await signIn();
    const html = await (await page(`/operator?q=${encodeURIComponent('Evil')}`, cookie)).text();
    expect(html).toContain('Evil &lt;img src=x onerror=alert(1)&gt; bot');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Creator &lt;Co&gt;');

    const removed = await form(`/operator/listings/${listing.id}/remove`, { reason: 'Malware' }, cookie);
    expect(removed.status).toBe(303);
    const row = await env.DB.prepare('select status, removed_reason from listings where id = ?').bind(listing.id).first<any>();
    expect(row).toEqual({ status: 'removed', removed_reason: 'Malware' });
    expect((await SELF.fetch(`${BASE}/marketplace/${listing.slug}/try/api/config`)).status).toBe(404);
    expect((await api(`/api/v1/marketplace/listings/${listing.slug}/reviews`)).status).toBe(404);
    const after = await (await page(`/operator?q=Evil`, cookie)).text();
    expect(after).toContain('Restore');

    expect((await form(`/operator/listings/${listing.id}/restore`, {}, cookie)).status).toBe(303);
    expect((await env.DB.prepare('select status from listings where id = ?').bind(listing.id).first<any>()).status).toBe('published');
    expect((await form(`/operator/reports/${reportId}/resolve`, { resolution: 'Looked, fine' }, cookie)).status).toBe(303);
    const open = await (await page('/operator', cookie)).text();
    expect(open).not.toContain(reportId);

    const out = await form('/operator/logout', {}, cookie);
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/edgent_operator=;/);
  });
});

describe('the detail page components (rendered as the detail page renders them)', () => {
  const review = {
    id: 'rev_x',
    rating: 4,
    text: '<script>alert(1)</script> great',
    author: 'Org <b>bold</b>',
    reply: '<img src=x onerror=alert(2)>',
    replied_at: '2026-11-30T10:00:00.000Z',
    created_at: '2026-11-29T10:00:00.000Z',
  };

  it('escapes review texts, authors and replies; shows stars and the average', () => {
    const html = renderReviews({
      slug: 'a-listing',
      rating: { average: 4, count: 1 },
      data: { reviews: [review], next_cursor: null, canReview: false, whyNot: null, isCreator: false },
      csrf: null,
    });
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; great');
    expect(html).toContain('Org &lt;b&gt;bold&lt;/b&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(html).not.toMatch(/<script>alert|<img src=x/);
    expect(html).toContain('4.0 · 1 review');
    expect(html).toContain('Sign in to review');
  });

  it('the form for a viewer who may review; the reason for one who may not; reply forms for the creator', () => {
    const none = { average: null, count: 0 };
    const may = renderReviews({
      slug: 's',
      rating: none,
      data: { reviews: [], next_cursor: null, canReview: true, whyNot: null, isCreator: false },
      csrf: 'tok',
    });
    expect(may).toContain('data-api-form="/api/v1/marketplace/listings/s/reviews"');
    expect(may).toContain('data-csrf="tok"');
    const why = 'Install this agent and chat with it before reviewing it';
    const not = renderReviews({
      slug: 's',
      rating: none,
      data: { reviews: [], next_cursor: null, canReview: false, whyNot: why, isCreator: false },
      csrf: 'tok',
    });
    expect(not).toContain(why);
    expect(not).not.toContain('data-api-form');
    const creator = renderReviews({
      slug: 's',
      rating: { average: 4, count: 1 },
      data: { reviews: [{ ...review, reply: null, replied_at: null }], next_cursor: null, canReview: false, whyNot: null, isCreator: true },
      csrf: 'tok',
    });
    expect(creator).toContain('data-api-form="/api/v1/marketplace/listings/s/reviews/rev_x/reply"');
  });

  it('try-it: the widget against the listing’s try-it API, a no-JS note and the free-limit note; the report form', () => {
    const html = renderTryIt({ slug: 'a-listing', title: 'Helper <x>' });
    expect(html).toContain('data-api="/marketplace/a-listing/try/api"');
    expect(html).toContain('Enable JavaScript to try it');
    expect(html).toMatch(/Trying it is free, limited to \d+ messages/);
    expect(html).toContain('Try Helper &lt;x&gt;');
    expect(renderReportForm({ slug: 'a-listing' })).toContain('data-api-form="/api/v1/marketplace/listings/a-listing/reports"');
  });
});
