// Signed-in marketplace pages (issue 18, mkt-publish): publishing an agent, installing (connection mapping), updates of installed copies, the creator profile; mounted at /app.
// Middleware on each route (never .use() here: this app shares /app with appPages). Plain form posts, 303 back.
import { Hono, type Context } from 'hono';
import { ListingPage, type CreatorProfileForm } from '../../../views/pages/listing-page';
import { AgentSetupPage } from '../../../views/pages/agent-setup-page';
import { BLANK_PUBLISH_FORM, type PublishFormErrors, type PublishFormValues } from '../../../views/marketplace/publish-form';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { actorOf } from '../../lib/actor';
import { privateNetworkAllowed } from '../../lib/outbound';
import { validate } from '../../lib/validate';
import { requirePageSession } from '../../middleware/auth';
import { listingInput, listingPatch, type OwnListingJson } from '../../schemas/marketplace';
import { getAgent } from '../../services/agents';
import { creatorProfileJson, creatorProfilePatch, getCreatorProfile, updateCreatorProfile } from '../../services/creator-profiles';
import { refreshListingStats } from '../../services/marketplace-search';
import { applyListingUpdate, installListing, installOf, saveSetup, setupData, SubscriptionRequired, updateOfferFor } from '../../services/listing-installs';
import { findOwnListing, ownListingJson, publishListing, unpublishListing, updateListing } from '../../services/listings';
import { can, permit } from '../../services/permissions';
import { fieldErrors, formBody, layoutBase, redirectAfterPost, text } from './support/page-helpers';

const origin = (c: Context<AppEnv>) => new URL(c.req.url).origin;
const listingHref = (id: string) => `/app/agents/${encodeURIComponent(id)}/listing`;
const setupHref = (id: string) => `/app/agents/${encodeURIComponent(id)}/setup`;
const DISMISS_COOKIE = (agentId: string) => `edgent_update_${agentId}`;

function formValuesOf(l: OwnListingJson): PublishFormValues {
  return {
    title: l.title,
    tagline: l.tagline,
    description: l.description,
    category: l.category,
    tags: l.tags.join(', '),
    icon: l.icon ?? '',
    screenshots: l.screenshots.map((s) => s.url).join('\n'),
    example: l.example_conversation.map((m) => `${m.role}: ${m.content}`).join('\n'),
    pricing: l.pricing.type,
    monthly_usd: l.pricing.type === 'subscription' ? String(l.pricing.monthly_usd) : '',
    slug: l.slug,
  };
}

async function readPublishForm(c: Context<AppEnv>): Promise<PublishFormValues> {
  const body = await formBody(c);
  return Object.fromEntries(Object.keys(BLANK_PUBLISH_FORM).map((k) => [k, text(body, k)])) as PublishFormValues;
}

const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The form as the API's input (validated by the same schema). */
function inputOf(v: PublishFormValues) {
  const example = lines(v.example).map((l) => {
    const m = /^(user|assistant)\s*:\s*(.*)$/i.exec(l);
    return m ? { role: m[1]!.toLowerCase(), content: m[2] } : { role: 'invalid', content: l };
  });
  return {
    title: v.title,
    tagline: v.tagline,
    description: v.description,
    category: v.category,
    tags: v.tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    icon: v.icon.trim() || null,
    screenshots: lines(v.screenshots).map((url) => ({ url })),
    example_conversation: example,
    pricing: v.pricing === 'subscription' ? { type: 'subscription', monthly_usd: Number(v.monthly_usd) } : { type: 'free' },
    ...(v.slug.trim() ? { slug: v.slug.trim() } : {}),
  };
}

/** API paths to form fields (pricing.monthly_usd → monthly_usd, screenshots.0.url → screenshots). */
const fieldOf = (path: string) =>
  path.startsWith('pricing.') ? 'monthly_usd' : path === 'example_conversation' || path.startsWith('example_conversation') ? 'example' : path.split('.')[0]!;

function profileValues(p: { slug: string; display_name: string; bio: string | null; website: string | null }): CreatorProfileForm {
  return { slug: p.slug, display_name: p.display_name, bio: p.bio ?? '', website: p.website ?? '' };
}

async function renderListingPage(
  c: Context<AppEnv>,
  agentId: string,
  state: {
    form?: { values: PublishFormValues; errors: PublishFormErrors };
    error?: string;
    versionError?: string;
    profileErrors?: Record<string, string>;
  } = {},
  status: 200 | 400 | 409 = 200,
) {
  const db = c.var.db;
  const agent = await getAgent(db, agentId);
  const [base, own, profile, install] = await Promise.all([layoutBase(c), findOwnListing(db, agent.id), getCreatorProfile(db), installOf(db, agent.id)]);
  const listing = own ? ownListingJson(own, origin(c)) : null;
  const profileJson = creatorProfileJson(profile, origin(c));
  const notice = c.req.query('notice');
  return c.html(
    <ListingPage
      base={base}
      agent={{ id: agent.id, name: agent.name, model: agent.model, version: agent.version, visibility: agent.visibility }}
      listing={listing}
      form={
        state.form ?? { values: listing ? formValuesOf(listing) : { ...BLANK_PUBLISH_FORM, title: agent.name, tagline: agent.description ?? '' }, errors: {} }
      }
      profile={{ values: profileValues(profileJson), errors: state.profileErrors ?? {}, url: profileJson.url }}
      canEdit={can(c.var.auth, 'listings:write')}
      notice={
        notice === 'published'
          ? 'Published in the marketplace.'
          : notice === 'saved'
            ? 'Saved.'
            : notice === 'version'
              ? 'New version published: installers are offered the update.'
              : notice === 'unpublished'
                ? 'Unpublished: the listing left the marketplace.'
                : notice === 'profile'
                  ? 'Creator profile saved.'
                  : undefined
      }
      installedHref={install ? setupHref(agent.id) : undefined}
      error={state.error}
      versionError={state.versionError}
    />,
    status,
  );
}

async function renderSetupPage(c: Context<AppEnv>, agentId: string, state: { error?: string } = {}, status: 200 | 400 | 409 = 200) {
  const db = c.var.db;
  const data = (await setupData(c.env, db, agentId)) ?? { agent: await getAgent(db, agentId), listing: null, items: [] };
  const [base, update] = await Promise.all([layoutBase(c), updateOfferFor(c.env, db, data.agent.id)]);
  const pair = (c.req.header('cookie') ?? '')
    .split(';')
    .map((p) => p.trim())
    .find((p) => p.startsWith(`${DISMISS_COOKIE(data.agent.id)}=`));
  const dismissed = Number(pair?.split('=')[1] ?? 0) || 0;
  const notice = c.req.query('notice');
  return c.html(
    <AgentSetupPage
      base={base}
      agent={{ id: data.agent.id, name: data.agent.name, model: data.agent.model, version: data.agent.version }}
      listing={data.listing}
      tools={data.items}
      update={update && update.available && (update.to ?? 0) > dismissed ? update : null}
      canEdit={can(c.var.auth, 'agents:write')}
      notice={
        notice === 'installed'
          ? 'Installed. Connect your accounts below, then chat with it.'
          : notice === 'saved'
            ? 'Connections saved.'
            : notice === 'updated'
              ? 'Update applied: a new agent version.'
              : undefined
      }
      error={state.error}
    />,
    status,
  );
}

export const marketplaceAppPages = new Hono<AppEnv>()
  .get('/agents/:id/listing', requirePageSession(), permit('agents:read'), async (c) => renderListingPage(c, c.req.param('id')))
  .post('/agents/:id/listing', requirePageSession(), permit('listings:write'), async (c) => {
    const id = c.req.param('id');
    const values = await readPublishForm(c);
    const existing = await findOwnListing(c.var.db, (await getAgent(c.var.db, id)).id);
    try {
      if (existing && existing.listing.status === 'published') {
        await updateListing(c.env, c.var.db, id, validate(listingPatch, inputOf(values)), actorOf(c));
        return redirectAfterPost(c, `${listingHref(id)}?notice=saved`);
      }
      await publishListing(c.env, c.var.db, id, validate(listingInput, inputOf(values)), actorOf(c));
      return redirectAfterPost(c, `${listingHref(id)}?notice=published`);
    } catch (e) {
      const { errors, message } = fieldErrors(e, fieldOf);
      return renderListingPage(c, id, { form: { values, errors }, error: message }, e instanceof AppError && e.status === 409 ? 409 : 400);
    }
  })
  .post('/agents/:id/listing/version', requirePageSession(), permit('listings:write'), async (c) => {
    const id = c.req.param('id');
    const notes = text(await formBody(c), 'notes').trim();
    try {
      await updateListing(c.env, c.var.db, id, validate(listingPatch, { publish_version: true, ...(notes ? { version_notes: notes } : {}) }), actorOf(c));
      return redirectAfterPost(c, `${listingHref(id)}?notice=version`);
    } catch (e) {
      const { message } = fieldErrors(e);
      return renderListingPage(c, id, { versionError: message }, e instanceof AppError && e.status === 409 ? 409 : 400);
    }
  })
  .post('/agents/:id/listing/unpublish', requirePageSession(), permit('listings:write'), async (c) => {
    const id = c.req.param('id');
    await unpublishListing(c.var.db, id, actorOf(c));
    return redirectAfterPost(c, `${listingHref(id)}?notice=unpublished`);
  })
  .post('/creator/profile', requirePageSession(), permit('listings:write'), async (c) => {
    const body = await formBody(c);
    const next = c.req.query('next') ?? '';
    const back = /^\/app\/agents\/[a-z0-9_]+\/listing$/.test(next) ? next : null;
    try {
      const patch = validate(creatorProfilePatch, {
        slug: text(body, 'slug').trim(),
        display_name: text(body, 'display_name').trim(),
        bio: text(body, 'bio').trim() || null,
        website: text(body, 'website').trim() || null,
      });
      await updateCreatorProfile(c.var.db, patch, actorOf(c));
      return redirectAfterPost(c, `${back ?? '/app'}?notice=profile`);
    } catch (e) {
      const { errors, message } = fieldErrors(e);
      if (!back) throw e;
      return renderListingPage(c, back.split('/')[3]!, { profileErrors: { ...errors, form: message } }, e instanceof AppError && e.status === 409 ? 409 : 400);
    }
  })
  .get('/agents/:id/setup', requirePageSession(), permit('agents:read'), async (c) => renderSetupPage(c, c.req.param('id')))
  .post('/agents/:id/setup', requirePageSession(), permit('agents:write'), async (c) => {
    const id = c.req.param('id');
    const body = await formBody(c);
    const choices: { tool: string; connection: string | null }[] = [];
    for (let i = 0; i < 64 && text(body, `tool_${i}`); i++) choices.push({ tool: text(body, `tool_${i}`), connection: text(body, `map_${i}`) || null });
    try {
      await saveSetup(c.env, c.var.db, id, choices, actorOf(c), privateNetworkAllowed(c.env));
      return redirectAfterPost(c, `${setupHref(id)}?notice=saved`);
    } catch (e) {
      const { errors, message } = fieldErrors(e);
      const detail = Object.values(errors)[0];
      return renderSetupPage(c, id, { error: detail ? `${message}: ${detail}` : message }, e instanceof AppError && e.status === 409 ? 409 : 400);
    }
  })
  .post('/agents/:id/setup/update/apply', requirePageSession(), permit('agents:write'), async (c) => {
    const id = c.req.param('id');
    try {
      await applyListingUpdate(c.env, c.var.db, id, actorOf(c));
    } catch (e) {
      const { message } = fieldErrors(e);
      return renderSetupPage(c, id, { error: message }, 409);
    }
    return redirectAfterPost(c, `${setupHref(id)}?notice=updated`);
  })
  .post('/agents/:id/setup/update/dismiss', requirePageSession(), permit('agents:write'), async (c) => {
    const agent = await getAgent(c.var.db, c.req.param('id'));
    const version = Number(text(await formBody(c), 'version')) || 0;
    c.header('Set-Cookie', `${DISMISS_COOKIE(agent.id)}=${version}; Path=/app/agents/${agent.id}; Max-Age=31536000; HttpOnly; Secure; SameSite=Lax`);
    return redirectAfterPost(c, setupHref(agent.id));
  })
  // The install panel's form (the public detail page): installs into the current organization, then the setup page.
  .post('/marketplace/:slug/install', requirePageSession(), permit('agents:write'), async (c) => {
    try {
      const answer = await installListing(c.env, c.var.db, c.req.param('slug'), {}, actorOf(c), origin(c));
      c.executionCtx.waitUntil(refreshListingStats(c.env, answer.install.listing_id));
      return redirectAfterPost(c, `${setupHref(answer.agent.id)}?notice=installed`);
    } catch (e) {
      if (e instanceof SubscriptionRequired) return c.redirect(e.url, 303);
      throw e;
    }
  });
