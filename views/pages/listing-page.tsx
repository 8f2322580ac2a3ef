// GET /app/agents/:id/listing: the agent's Marketplace page. Not listed: the publish form (public agents only). Listed:
// its status and public link, the form to change it, "Publish new version" (with notes) and "Unpublish"; the
// organization's creator profile below. Plain forms (CSRF), errors inline.
import { AgentHeader, type AgentHead } from '../components/agents/agent-header';
import { Alert } from '../components/ui/alert';
import { Button, ButtonLink } from '../components/ui/button';
import { InputField, TextAreaField } from '../components/ui/form-field';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';
import { PublishForm, type PublishFormErrors, type PublishFormValues } from '../marketplace/publish-form';

export type ListingPageListing = {
  slug: string;
  status: 'published' | 'unpublished' | 'removed';
  version: number;
  agent_version: number;
  url: string;
  removed_reason: string | null;
  versions: { version: number; notes: string | null; created_at: string }[];
};
export type CreatorProfileForm = { slug: string; display_name: string; bio: string; website: string };

export function ListingPage(props: {
  base: LayoutBase;
  agent: AgentHead & { visibility: string };
  listing: ListingPageListing | null;
  form: { values: PublishFormValues; errors: PublishFormErrors };
  profile: { values: CreatorProfileForm; errors: Partial<Record<keyof CreatorProfileForm | 'form', string>>; url: string } | null;
  canEdit: boolean;
  notice?: string;
  error?: string;
  versionError?: string;
  /** The agent is an installed copy of another listing: its setup and updates page. */
  installedHref?: string;
}) {
  const { agent, listing } = props;
  const base = `/app/agents/${encodeURIComponent(agent.id)}/listing`;
  const isPublic = agent.visibility === 'public';
  return (
    <AppLayout title={`${agent.name} · Marketplace`} {...props.base} active="agents">
      <AgentHeader agent={agent} active="marketplace" />
      {props.notice && <Alert tone="success">{props.notice}</Alert>}
      {props.error && <Alert tone="error">{props.error}</Alert>}
      {props.installedHref && (
        <Alert>
          This agent was installed from the marketplace: <a href={props.installedHref}>its connections and updates</a>.
        </Alert>
      )}
      {!props.canEdit && <Alert>Only admins and owners publish agents in the marketplace.</Alert>}
      <section class="card settings-section" aria-labelledby="listing-status">
        <h2 class="section-title" id="listing-status">
          Marketplace listing
        </h2>
        {!listing && !isPublic && (
          <p>
            Only public agents can be listed. Set this agent’s visibility to <strong>public</strong> in the{' '}
            <a href={`/app/agents/${encodeURIComponent(agent.id)}`}>builder</a> first.
          </p>
        )}
        {!listing && isPublic && <p>Not listed yet. Publishing freezes the agent’s current version (v{agent.version}) — without connections or secrets.</p>}
        {listing && (
          <div class="stack">
            <p>
              <span class={`badge listing-status-${listing.status}`}>{listing.status}</span> · listing version {listing.version} (agent v{listing.agent_version}
              )
              {listing.status === 'published' && (
                <>
                  {' '}
                  · <a href={listing.url}>{listing.url}</a>
                </>
              )}
            </p>
            {listing.status === 'removed' && (
              <Alert tone="error">Removed by the marketplace operators{listing.removed_reason ? `: ${listing.removed_reason}` : ''}.</Alert>
            )}
            {listing.status === 'unpublished' && <p>Unpublished: not in the marketplace. Publish again below (a new version if the agent changed).</p>}
            {props.canEdit && listing.status === 'published' && (
              <div class="stack">
                <form method="post" action={`${base}/version`} class="stack">
                  <input type="hidden" name="_csrf" value={props.base.csrfToken} />
                  <TextAreaField
                    name="notes"
                    label="Publish new version"
                    note={`agent is at v${agent.version}`}
                    rows={2}
                    error={props.versionError}
                    hint="Release notes shown to installers with the update."
                  />
                  <div class="btn-row">
                    <Button>Publish new version</Button>
                  </div>
                </form>
                <form method="post" action={`${base}/unpublish`}>
                  <input type="hidden" name="_csrf" value={props.base.csrfToken} />
                  <Button variant="secondary">Unpublish</Button>
                </form>
              </div>
            )}
            {listing.versions.length > 0 && (
              <details>
                <summary>Versions ({listing.versions.length})</summary>
                <ul>
                  {listing.versions.map((v) => (
                    <li>
                      v{v.version} · {v.created_at.slice(0, 10)}
                      {v.notes ? ` — ${v.notes}` : ''}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </div>
        )}
      </section>
      {(isPublic || listing) && listing?.status !== 'removed' && (
        <section class="card settings-section" aria-labelledby="listing-details">
          <h2 class="section-title" id="listing-details">
            {listing ? 'Listing details' : 'Publish'}
          </h2>
          <PublishForm
            action={base}
            csrf={props.base.csrfToken}
            values={props.form.values}
            errors={props.form.errors}
            canEdit={props.canEdit && (isPublic || listing?.status === 'published')}
            submit={!listing ? 'Publish' : listing.status === 'published' ? 'Save listing' : 'Publish again'}
          />
        </section>
      )}
      {props.profile && (
        <section class="card settings-section" aria-labelledby="creator-profile">
          <h2 class="section-title" id="creator-profile">
            Creator profile
          </h2>
          <p>
            Your organization’s public page: <a href={props.profile.url}>{props.profile.url}</a>
          </p>
          {props.profile.errors.form && <Alert tone="error">{props.profile.errors.form}</Alert>}
          <form method="post" action={`/app/creator/profile?next=${encodeURIComponent(base)}`} class="stack">
            <input type="hidden" name="_csrf" value={props.base.csrfToken} />
            <InputField name="display_name" label="Display name" value={props.profile.values.display_name} error={props.profile.errors.display_name} />
            <InputField name="slug" label="Address" value={props.profile.values.slug} error={props.profile.errors.slug} hint="/creators/<address>" />
            <TextAreaField name="bio" label="Bio" note="optional" rows={3} value={props.profile.values.bio} error={props.profile.errors.bio} />
            <InputField
              name="website"
              label="Website"
              note="optional"
              value={props.profile.values.website}
              error={props.profile.errors.website}
              hint="https:// only"
            />
            {props.canEdit && (
              <div class="btn-row">
                <Button>Save profile</Button>
              </div>
            )}
          </form>
        </section>
      )}
      {listing?.status === 'published' && (
        <p>
          <ButtonLink href={listing.url} variant="secondary">
            View the public page
          </ButtonLink>
        </p>
      )}
    </AppLayout>
  );
}
