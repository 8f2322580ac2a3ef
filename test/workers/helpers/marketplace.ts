// Marketplace fixtures for tests that need listings before (or without) the publishing API: `seedListing` makes a
// public agent through the API, then writes the listing, its frozen version and the creator profile straight into
// D1 (the search triggers index it like any insert). Tests of publishing itself go through the API instead.
import { env } from 'cloudflare:test';
import type { Account } from './api';
import { createAgent, type Agent } from './resources';

let seq = 0;

export type SeededListing = { id: string; slug: string; agent: Agent; tenantId: string; version: number };

export async function seedListing(
  owner: Account,
  fields: Partial<{
    title: string;
    tagline: string;
    description: string;
    category: string;
    tags: string[];
    pricing: { type: 'free' } | { type: 'subscription'; monthly_usd: number };
    instructions: string;
    status: 'published' | 'unpublished' | 'removed';
    installs: number;
    conversations: number;
    rating: { sum: number; count: number };
    publishedAt: number;
  }> = {},
): Promise<SeededListing> {
  seq += 1;
  const instructions = fields.instructions ?? 'You are a helpful marketplace agent.';
  const agent = await createAgent(owner, { name: fields.title ?? `Listed agent ${seq}`, instructions, visibility: 'public' });
  const id = `lst_seed${seq}${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const slug = `${(fields.title ?? 'listed-agent')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)}-${seq}-${id.slice(-6)}`;
  const now = fields.publishedAt ?? Date.now();
  const pricing = fields.pricing ?? { type: 'free' };
  const creatorSlug =
    owner.tenant.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') +
    '-' +
    owner.tenant.id.slice(-6);
  const snapshot = {
    name: agent.name,
    description: null,
    instructions,
    model: agent.model,
    temperature: null,
    max_steps: 5,
    variables: {},
    runtime: 'edge',
    tools: [],
  };
  await env.DB.batch([
    env.DB.prepare(
      `insert into creator_profiles (tenant_id, slug, display_name, created_at, updated_at) values (?1, ?2, ?3, ?4, ?4)
       on conflict (tenant_id) do nothing`,
    ).bind(owner.tenant.id, creatorSlug, owner.tenant.name, now),
    env.DB.prepare(
      `insert into listings (id, tenant_id, agent_id, slug, title, tagline, description, category, tags, pricing_type, price_cents,
        status, version, agent_version, installs, conversations, popularity, rating_sum, rating_count, published_at, created_at, updated_at)
       values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?19, ?19)`,
    ).bind(
      id,
      owner.tenant.id,
      agent.id,
      slug,
      fields.title ?? agent.name,
      fields.tagline ?? 'An agent from the marketplace',
      fields.description ?? 'It helps.',
      fields.category ?? 'productivity',
      JSON.stringify(fields.tags ?? []),
      pricing.type,
      pricing.type === 'subscription' ? Math.round(pricing.monthly_usd * 100) : null,
      fields.status ?? 'published',
      agent.version,
      fields.installs ?? 0,
      fields.conversations ?? 0,
      (fields.installs ?? 0) + (fields.conversations ?? 0) / 10,
      fields.rating?.sum ?? 0,
      fields.rating?.count ?? 0,
      now,
    ),
    env.DB.prepare(
      `insert into listing_versions (id, tenant_id, listing_id, version, agent_version, snapshot, created_at) values (?1, ?2, ?3, 1, ?4, ?5, ?6)`,
    ).bind(`lsv_seed${seq}${id.slice(-10)}`, owner.tenant.id, id, agent.version, JSON.stringify(snapshot), now),
  ]);
  return { id, slug, agent, tenantId: owner.tenant.id, version: 1 };
}
