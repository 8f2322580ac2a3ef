// @edgent/sdk marketplace against the real Worker (SELF.fetch): publish, get, update (a new version), unpublish,
// install into another organization, and the update offer of the installed copy.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, apiKey, createAgent, signup } from '../../test/workers/helpers';
import { Edgent, type FetchLike } from '../src';

const selfFetch: FetchLike = (url, init) => SELF.fetch(url, init);

describe('@edgent/sdk listings and marketplace', () => {
  it('publishes, installs elsewhere, offers and applies an update, unpublishes', async () => {
    const a = await signup('SDK Creator');
    const b = await signup('SDK Installer');
    const creator = new Edgent({ apiKey: await apiKey(a, ['*']), baseUrl: BASE, fetch: selfFetch, retryDelayMs: 10 });
    const installer = new Edgent({ apiKey: await apiKey(b, ['agents:read', 'agents:write']), baseUrl: BASE, fetch: selfFetch, retryDelayMs: 10 });
    const agent = await createAgent(a, { name: 'SDK listed', instructions: 'v1', visibility: 'public' });
    const title = `SDK Listed ${crypto.randomUUID().slice(0, 6)}`;
    const listing = await creator.listings.publish(agent.id, { title, tagline: 'From the SDK', description: 'Yes.', category: 'productivity' });
    expect(listing).toMatchObject({ status: 'published', version: 1, agent_id: agent.id });
    expect((await creator.listings.get(agent.id)).slug).toBe(listing.slug);
    const installed = await installer.marketplace.install(listing.slug);
    expect(installed.agent).toMatchObject({ name: title, instructions: 'v1', visibility: 'team' });
    expect((await installer.listings.updateOffer(installed.agent.id)).available).toBe(false);
    await creator.agents.update(agent.id, { instructions: 'v2' });
    expect(await creator.listings.update(agent.id, { publish_version: true, version_notes: 'Second' })).toMatchObject({ version: 2 });
    expect(await installer.listings.updateOffer(installed.agent.id)).toMatchObject({ available: true, from: 1, to: 2 });
    expect((await installer.listings.applyUpdate(installed.agent.id)).applied).toEqual({ from: 1, to: 2 });
    await creator.listings.unpublish(agent.id);
    expect((await creator.listings.get(agent.id)).status).toBe('unpublished');
    await expect(installer.marketplace.install(listing.slug)).rejects.toMatchObject({ status: 404 });
    expect((await creator.listings.profile()).display_name).toBe('SDK Creator');
  });
});
