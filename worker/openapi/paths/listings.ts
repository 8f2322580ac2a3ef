// OpenAPI entries of worker/routes/api/listings.ts (publishing), creator.ts (the creator profile) and
// marketplace-installs.ts (installing and updating installed copies).
import { creatorProfilePatch } from '../../services/creator-profiles';
import { installInput } from '../../services/listing-installs';
import { listingInput, listingPatch } from '../../schemas/marketplace';
import { z } from 'zod';
import { routeDocs } from '../registry';

const id = { id: 'The agent id (`agt_…`)' };

export const docs = routeDocs([
  {
    method: 'post',
    path: '/api/v1/agents/{id}/listing',
    operationId: 'publishListing',
    tag: 'Marketplace',
    scopes: ['listings:write'],
    params: id,
    summary: 'List a public agent in the marketplace',
    description:
      'Freezes the agent’s current version into listing version 1: its instructions, model, settings, variables and tools as definitions — never a connection id, a credential or a credential-like header or query parameter. Each tool says which hosts it `reaches` and which kind of connection it `needs_connection` (by the creator’s connection name), so installers know what to map. ' +
      'The agent must have `visibility: "public"` (else 409). One listing per agent: a second POST → 409, except after DELETE, when it republishes the same listing (a new version if the agent changed). ' +
      '`slug` defaults to one made from the title, unique across the marketplace; a taken `slug` given explicitly → 409. The organization’s creator profile is made on its first publish. Admins (`listings:write`).',
    body: listingInput,
    responses: { 201: { description: 'The listing as its creator sees it', schema: 'OwnListing' } },
    errors: [400, 404, 409],
  },
  {
    method: 'get',
    path: '/api/v1/agents/{id}/listing',
    operationId: 'getOwnListing',
    tag: 'Marketplace',
    scopes: ['agents:read'],
    params: id,
    summary: 'The agent’s listing, whatever its status',
    description: 'Published, unpublished or removed (with `removed_reason`), its versions with their notes. 404 when the agent has no listing.',
    responses: { 200: { description: 'The listing', schema: 'OwnListing' } },
    errors: [404],
  },
  {
    method: 'patch',
    path: '/api/v1/agents/{id}/listing',
    operationId: 'updateListing',
    tag: 'Marketplace',
    scopes: ['listings:write'],
    params: id,
    summary: 'Change the listing, or publish a new version',
    description:
      'Any field of the listing. `publish_version: true` freezes the agent’s current version as the next listing version (with `version_notes`, shown to installers with the update); 409 when nothing changed since the last version or the agent is no longer public. A removed listing cannot be changed (409).',
    body: listingPatch,
    responses: { 200: { description: 'The listing', schema: 'OwnListing' } },
    errors: [400, 404, 409],
  },
  {
    method: 'delete',
    path: '/api/v1/agents/{id}/listing',
    operationId: 'unpublishListing',
    tag: 'Marketplace',
    scopes: ['listings:write'],
    params: id,
    summary: 'Unpublish the listing',
    description:
      'The listing leaves the marketplace at once (search, its public page, installs); its row, versions and installed copies stay. POST republishes it. Changing the agent’s visibility away from `public` unpublishes it too.',
    responses: { 204: { description: 'Unpublished' } },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/v1/creator/profile',
    operationId: 'getCreatorProfile',
    tag: 'Marketplace',
    scopes: ['agents:read'],
    summary: 'The organization’s creator profile',
    description: 'Made from the organization’s name on first use (or its first publish): slug (unique across the marketplace), display name, bio, website.',
    responses: { 200: { description: 'The profile', schema: 'CreatorProfile' } },
  },
  {
    method: 'patch',
    path: '/api/v1/creator/profile',
    operationId: 'updateCreatorProfile',
    tag: 'Marketplace',
    scopes: ['listings:write'],
    summary: 'Change the creator profile',
    description: 'Any of slug (409 when another creator has it), display_name, bio, website (https only; empty or null removes it). Admins.',
    body: creatorProfilePatch,
    responses: { 200: { description: 'The profile', schema: 'CreatorProfile' } },
    errors: [400, 409],
  },
  {
    method: 'post',
    path: '/api/v1/marketplace/listings/{slug}/install',
    operationId: 'installListing',
    tag: 'Marketplace',
    scopes: ['agents:write'],
    params: { slug: 'The listing’s slug' },
    summary: 'Install a listing into your organization',
    description:
      'Copies the listing’s current version into the caller’s organization as a new agent (visibility `team`, named after the listing unless `name` is given) with new tool rows — the same definitions, without any connection or secret. ' +
      '`needs_connections` lists the tools to map to one of your connections of the named kind: `PATCH /api/v1/tools/{tool_id}` with `{connection_id}` (or the setup page `/app/agents/{id}/setup`); a whole MCP server (`tool_id: null`) is attached by adding one of your MCP connections’ ids to the agent’s `tool_ids`. ' +
      'Installing again makes another copy (`previous_installs` lists the earlier ones). A subscription listing without an active subscription → 402 `subscription_required` with the checkout `url`. The agents quota of your plan applies (402 `quota_exceeded`). 404 unless the listing is published.',
    body: installInput,
    responses: { 201: { description: 'The new agent and the install', schema: 'InstallAnswer' } },
    errors: [400, 402, 404],
  },
  {
    method: 'get',
    path: '/api/v1/agents/{id}/listing-update',
    operationId: 'getListingUpdate',
    tag: 'Marketplace',
    scopes: ['agents:read'],
    params: id,
    summary: 'Whether an installed agent’s listing offers a newer version',
    description:
      '`available` when the listing (still published) offers a newer version than the one the agent was installed or last updated from; `diff` says what changes (settings, instructions line by line, tools added, removed and changed) and `notes` the release notes. An agent that was not installed from the marketplace answers `installed: false`.',
    responses: { 200: { description: 'The update offer', schema: 'ListingUpdate' } },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/v1/agents/{id}/listing-update',
    operationId: 'applyListingUpdate',
    tag: 'Marketplace',
    scopes: ['agents:write'],
    params: id,
    summary: 'Apply the listing’s newer version to the installed agent',
    description:
      'A new agent version with the listing’s current instructions, settings and tools. Tools still in the listing keep your connection mappings; new tools come unmapped; removed ones leave the agent. Your agent name, variable values and attached MCP servers stay. 409 when no update is available (or the agent is not an installed copy).',
    responses: {
      200: {
        description: 'The agent, updated',
        schema: z.object({ agent: z.record(z.string(), z.unknown()), applied: z.object({ from: z.number().int(), to: z.number().int() }) }),
      },
    },
    errors: [404, 409],
  },
]);
