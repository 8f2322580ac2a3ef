// Migration 0021's search index: the triggers keep listings_fts and listing_titles_trigram in step with listings —
// only published listings are found, an edit is found by its new words at once, unpublishing or removing takes a
// listing out of both indexes at once, and the trigram table finds a title through a typo.
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
});
