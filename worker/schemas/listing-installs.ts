// Marketplace additions of mkt-publish (issue 18): the creator profile, an install's answer and an installed copy's
// update. The listing shapes themselves are in marketplace.ts.
import { z } from 'zod';
import { agent } from './agents';

export const creatorProfileJson = z.object({
  slug: z.string(),
  display_name: z.string(),
  bio: z.string().nullable(),
  website: z.string().nullable(),
  /** The public page, /creators/:slug. */
  url: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type CreatorProfileJson = z.infer<typeof creatorProfileJson>;

/** A tool of an installed agent that needs one of the installer's connections (mapped with PATCH /api/v1/tools/:id). */
export const neededConnectionJson = z.object({
  /** The installed tool (`tol_…`); null for a whole MCP server (attach one of your MCP connections to the agent's tool_ids). */
  tool_id: z.string().nullable(),
  tool_name: z.string(),
  kind: z.string(),
  /** The creator's connection, by name and kind: pick one of yours of that kind. */
  connection: z.object({ name: z.string(), kind: z.string() }),
});

export const installJson = z.object({
  id: z.string(),
  listing_id: z.string(),
  listing_version: z.number().int(),
  status: z.enum(['active', 'stopped']),
});

/** POST /api/v1/marketplace/listings/:slug/install → 201. */
export const installAnswer = z.object({
  agent,
  install: installJson,
  needs_connections: z.array(neededConnectionJson),
  /** Earlier copies of the same listing in this organization (a second install makes a second copy). */
  previous_installs: z.array(z.object({ agent_id: z.string(), listing_version: z.number().int() })),
});
export type InstallAnswer = z.infer<typeof installAnswer>;

/** GET /api/v1/agents/:id/listing-update. */
export const listingUpdateJson = z.object({
  available: z.boolean(),
  /** Whether the agent is an installed copy of a listing (false: an agent of your own; nothing else is set). */
  installed: z.boolean(),
  /** The listing version the agent was installed or last updated from, and the one offered now. */
  from: z.number().int().nullable(),
  to: z.number().int().nullable(),
  listing: z.object({ id: z.string(), slug: z.string(), title: z.string() }).nullable(),
  /** Release notes of every version after `from`, newest first. */
  notes: z.array(z.object({ version: z.number().int(), notes: z.string().nullable() })),
  diff: z.object({
    fields: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })),
    instructions: z.array(z.object({ op: z.enum(['same', 'add', 'del']), text: z.string() })),
    tools: z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.string()) }),
  }),
});
export type ListingUpdateJson = z.infer<typeof listingUpdateJson>;
