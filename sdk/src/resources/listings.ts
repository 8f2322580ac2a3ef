// Marketplace: publishing an agent (`edgent.listings`), installing a listing (`edgent.marketplace.install`) and the
// organization's creator profile. Publishing needs `listings:write`; installing `agents:write`.
import type { Transport } from '../client.js';
import type { CreatorProfile, CreatorProfilePatch, ListingInput, ListingPatch, ListingUpdate, OwnListing } from '../types.js';

const path = (agentId: string) => `/api/v1/agents/${encodeURIComponent(agentId)}/listing`;

export class Listings {
  constructor(private readonly t: Transport) {}

  /** Lists a public agent: freezes its current version (no connections, no secrets). 409 unless public, or already listed. */
  publish(agentId: string, input: ListingInput): Promise<OwnListing> {
    return this.t.json('POST', path(agentId), { body: input });
  }
  /** The agent's listing, whatever its status. */
  get(agentId: string): Promise<OwnListing> {
    return this.t.json('GET', path(agentId));
  }
  /** Changes fields; `publish_version: true` freezes the agent's current version as the next listing version. */
  update(agentId: string, patch: ListingPatch): Promise<OwnListing> {
    return this.t.json('PATCH', path(agentId), { body: patch });
  }
  /** Takes the listing out of the marketplace (its versions and installed copies stay). */
  unpublish(agentId: string): Promise<void> {
    return this.t.json('DELETE', path(agentId));
  }
  /** Whether an installed agent's listing offers a newer version, and what it changes. */
  updateOffer(agentId: string): Promise<ListingUpdate> {
    return this.t.json('GET', `/api/v1/agents/${encodeURIComponent(agentId)}/listing-update`);
  }
  /** Applies the listing's newer version to an installed agent (keeps your connection mappings). */
  applyUpdate(agentId: string): Promise<{ agent: unknown; applied: { from: number; to: number } }> {
    return this.t.json('POST', `/api/v1/agents/${encodeURIComponent(agentId)}/listing-update`, { body: {} });
  }
  /** The organization's creator profile. */
  profile(): Promise<CreatorProfile> {
    return this.t.json('GET', '/api/v1/creator/profile');
  }
  updateProfile(patch: CreatorProfilePatch): Promise<CreatorProfile> {
    return this.t.json('PATCH', '/api/v1/creator/profile', { body: patch });
  }
}
