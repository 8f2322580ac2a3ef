// Migration 0021's search index: the triggers keep listings_fts and listing_titles_trigram in step with listings —
// only published listings are found, an edit is found by its new words at once, unpublishing or removing takes a
// listing out of both indexes at once, and the trigram table finds a title through a typo. Migration 0029's
// listing_rank (what search filters and sorts on) follows every insert, update and delete of listings.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { signup } from './helpers';
import { seedListing } from './helpers/marketplace';

const fts = async (match: string) =>
  (
    await env.DB.prepare(`select l.slug from listings_fts f join listings l on l.rowid = f.rowid where listings_fts match ?1`)
      .bind(match)
      .all<{ slug: string }>()
  ).results.map((r) => r.slug);
const trigram = async (match: string) =>
  (
    await env.DB.prepare(`select l.slug from listing_titles_trigram t join listings l on l.rowid = t.rowid where listing_titles_trigram match ?1`)
      .bind(match)
      .all<{ slug: string }>()
  ).results.map((r) => r.slug);

describe('marketplace search index (migration 0021)', () => {
  it('indexes published listings by title, tags, tagline and description, and follows every change', async () => {
    const owner = await signup('Index Co');
    const word = `zephyr${crypto.randomUUID().slice(0, 6)}`;
    const listing = await seedListing(owner, {
      title: `Calendar ${word}`,
      tags: ['scheduling', `tag${word}`],
      tagline: 'Books meetings',
      description: 'Finds a slot.',
    });
    const hidden = await seedListing(owner, { title: `Draft ${word}`, status: 'unpublished' });

    expect(await fts(word)).toEqual([listing.slug]);
    expect(await fts(`tags:tag${word}`)).toEqual([listing.slug]);
    expect(await fts(`${word.slice(0, 5)}*`)).toContain(listing.slug);
    expect(await fts(`${word} slot`)).toEqual([listing.slug]);

    await env.DB.prepare(`update listings set title = ?2 where id = ?1`).bind(listing.id, `Planner ${word}`).run();
    expect(await fts(`planner ${word}`)).toEqual([listing.slug]);
    expect(await fts(`calendar ${word}`)).toEqual([]);

    await env.DB.prepare(`update listings set status = 'removed' where id = ?1`).bind(listing.id).run();
    expect(await fts(word)).toEqual([]);
    expect(await trigram(word)).toEqual([]);

    await env.DB.prepare(`update listings set status = 'published' where id = ?1`).bind(hidden.id).run();
    expect(await fts(word)).toEqual([hidden.slug]);
    await env.DB.prepare(`delete from listings where id = ?1`).bind(hidden.id).run();
    expect(await fts(word)).toEqual([]);
  });

  it('finds a title through a typo with the trigram table', async () => {
    const owner = await signup('Trigram Co');
    const listing = await seedListing(owner, { title: 'Kalendarium Assistant' });
    // "kalendrium" (a letter missing): its trigrams, OR-ed, still match most of the title's.
    const grams = ['kal', 'ale', 'len', 'end', 'ndr', 'dri', 'riu', 'ium'].map((g) => `"${g}"`).join(' OR ');
    expect(await trigram(grams)).toContain(listing.slug);
  });

  it('keeps listing_rank (migration 0029) equal to the columns of listings that search filters and sorts on', async () => {
    const owner = await signup('Rank Co');
    const cols = 'id, tenant_id, status, category, pricing_type, tags, popularity, published_at, rating_sum, rating_count';
    const rank = async (rowid: number) => env.DB.prepare(`select ${cols} from listing_rank where listing_rowid = ?1`).bind(rowid).first();
    const row = async (id: string) =>
      env.DB.prepare(`select rowid, ${cols} from listings where id = ?1`).bind(id).first<{ rowid: number } & Record<string, unknown>>();
    const same = async (id: string) => {
      const { rowid, ...listing } = (await row(id))!;
      expect(await rank(rowid)).toEqual(listing);
      return rowid;
    };
    const listing = await seedListing(owner, { title: 'Ranked Helper', tags: ['crm'] });
    const hidden = await seedListing(owner, { title: 'Ranked Draft', status: 'unpublished' });
    await same(listing.id);
    await same(hidden.id);
    // Each column it mirrors, changed the ways the platform changes them: counters, reviews, edits, moderation.
    await env.DB.prepare(`update listings set popularity = 42.5, rating_sum = 9, rating_count = 2 where id = ?1`).bind(listing.id).run();
    await env.DB.prepare(`update listings set category = 'legal', pricing_type = 'subscription', price_cents = 900, tags = '["gdpr"]' where id = ?1`)
      .bind(listing.id)
      .run();
    await env.DB.prepare(`update listings set status = 'removed' where id = ?1`).bind(listing.id).run();
    const rowid = await same(listing.id);
    expect(await rank(rowid)).toMatchObject({ status: 'removed', category: 'legal', pricing_type: 'subscription', popularity: 42.5, rating_count: 2 });
    await env.DB.prepare(`update listings set status = 'published', published_at = 1234 where id = ?1`).bind(hidden.id).run();
    const hiddenRowid = await same(hidden.id);
    await env.DB.prepare(`delete from listings where id = ?1`).bind(hidden.id).run();
    expect(await rank(hiddenRowid)).toBeNull();
  });
});
