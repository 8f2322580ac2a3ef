// GET /app/agents/:id/embed[?key=emb_…]: put an agent on a website. The agent's embed keys, the chosen key's allowed
// origins and widget settings, the snippet to copy, and a live preview: the real widget, inline, on this page (our
// own origin is always allowed). embed-page.js re-mounts the preview as the form changes, before saving.
import { Alert } from '../components/ui/alert';
import { EmbedSettingsForm, type EmbedFormErrors, type EmbedFormValues } from '../components/embed/embed-settings-form';
import { type RefusedOrigin, RefusedOrigins } from '../components/embed/refused-origins';
import { PageHeader } from '../components/ui/page-header';
import { AppLayout, type Grants, type LayoutBase, type LayoutUser } from '../layouts/app-layout';

export type { EmbedFormErrors, EmbedFormValues };
export type EmbedKeySummary = { id: string; name: string; public_key: string; allowed_origins: string[] };

export const embedHref = (agentId: string, keyId?: string) =>
  `/app/agents/${encodeURIComponent(agentId)}/embed${keyId ? `?key=${encodeURIComponent(keyId)}` : ''}`;

export const snippet = (platform: string, publicKey: string) => `<script src="${platform}/widget.js" data-agent="${publicKey}" async></script>`;

export function EmbedPage(props: {
  user: LayoutUser;
  tenant: { id: string; name: string };
  role: string;
  csrfToken: string;
  memberships?: LayoutBase['memberships'];
  /** The role's grants (the nav shows what needs one). */
  can?: Grants;
  /** The role may create, change and revoke embed keys (agents:write). */
  canEdit: boolean;
  agent: { id: string; name: string };
  platform: string;
  keys: EmbedKeySummary[];
  current: { key: EmbedKeySummary; values: EmbedFormValues; errors: EmbedFormErrors } | null;
  create: { values: EmbedFormValues; errors: EmbedFormErrors };
  saved?: boolean;
  allowed?: string;
  refused?: RefusedOrigin[];
}) {
  const { agent, current } = props;
  const base = `/app/agents/${encodeURIComponent(agent.id)}/embed/keys`;
  return (
    <AppLayout
      title={`${agent.name} · Embed`}
      user={props.user}
      tenant={props.tenant}
      role={props.role}
      csrfToken={props.csrfToken}
      memberships={props.memberships}
      can={props.can}
      active="agents"
    >
      <link rel="stylesheet" href="/assets/embed-page.css" />
      <PageHeader
        eyebrow={`Agents / ${agent.name}`}
        title="Embed on your website"
        description={`Put ${agent.name} on any site with one script tag. Only the origins you list can use a key; visitors never see an API key.`}
      />
      {props.saved && <Alert tone="success">Saved. The widget uses the new settings within seconds.</Alert>}
      {props.allowed && <Alert tone="success">{props.allowed} is allowed now. Reload that site to see the widget.</Alert>}
      {props.keys.length > 1 && (
        <nav class="embed-keys" aria-label="Embed keys">
          {props.keys.map((k) => (
            <a class="btn btn-secondary btn-sm" href={embedHref(agent.id, k.id)} aria-current={k.id === current?.key.id ? 'page' : undefined}>
              {k.name}
            </a>
          ))}
        </nav>
      )}
      {current ? (
        <div class="embed-layout">
          <div class="embed-column">
            {props.canEdit && <RefusedOrigins action={`${base}/${current.key.id}/allow-origin`} csrfToken={props.csrfToken} origins={props.refused ?? []} />}
            <section class="card embed-card" aria-labelledby="embed-settings-title">
              <h2 class="section-title" id="embed-settings-title">
                Settings
              </h2>
              <fieldset class="plain-fieldset" disabled={!props.canEdit}>
                <EmbedSettingsForm
                  idPrefix="embed"
                  action={`${base}/${current.key.id}`}
                  csrfToken={props.csrfToken}
                  values={current.values}
                  errors={current.errors}
                  full
                  submitLabel="Save settings"
                />
              </fieldset>
            </section>
            <section class="card embed-card" aria-labelledby="embed-snippet-title">
              <h2 class="section-title" id="embed-snippet-title">
                Snippet
              </h2>
              <p class="muted">Paste it before &lt;/body&gt; on every page that should have the chat.</p>
              <label class="sr-only" for="embed-snippet">
                Snippet
              </label>
              <textarea class="input embed-textarea embed-code" id="embed-snippet" rows={3} readonly>
                {snippet(props.platform, current.key.public_key)}
              </textarea>
              <div class="btn-row">
                <button type="button" class="btn btn-secondary" data-copy="#embed-snippet" hidden>
                  Copy snippet
                </button>
              </div>
              <p class="field-hint">
                Options: data-target="#element" (inline instead of a launcher), data-lang="fr", data-theme="dark", data-color, data-title, data-greeting,
                data-prompts, data-avatar, data-position, data-open="true". From JavaScript: Edgent.open(), close(), send(text), on('message', fn).
              </p>
            </section>
            {props.canEdit && (
              <section class="card embed-card" aria-labelledby="embed-more-title">
                <h2 class="section-title" id="embed-more-title">
                  Another site, or a new key
                </h2>
                <details open={Object.keys(props.create.errors).length > 0}>
                  <summary>Create another key</summary>
                  <EmbedSettingsForm
                    idPrefix="embed-new"
                    action={base}
                    csrfToken={props.csrfToken}
                    values={props.create.values}
                    errors={props.create.errors}
                    full={false}
                    submitLabel="Create key"
                  />
                </details>
                <form method="post" action={`${base}/${current.key.id}/revoke`} class="embed-revoke">
                  <input type="hidden" name="_csrf" value={props.csrfToken} />
                  <button type="submit" class="btn btn-secondary">
                    Revoke this key
                  </button>
                  <span class="field-hint">The widget stops working on every site using it.</span>
                </form>
              </section>
            )}
          </div>
          <section class="card embed-card embed-preview-card" aria-labelledby="embed-preview-title">
            <h2 class="section-title" id="embed-preview-title">
              Live preview
            </h2>
            <p class="muted">The real widget, talking to {agent.name}. Conversations here count as real ones.</p>
            <div id="embed-preview" class="embed-preview" data-agent={current.key.public_key}></div>
            <script src="/widget.js" data-agent={current.key.public_key} data-target="#embed-preview" async></script>
          </section>
        </div>
      ) : (
        <section class="card embed-card embed-first" aria-labelledby="embed-create-title">
          <h2 class="section-title" id="embed-create-title">
            Create an embed key
          </h2>
          {!props.canEdit ? (
            <p class="muted">No embed key yet. Your role ({props.role}) cannot create one: ask a member or an admin.</p>
          ) : (
            <>
              <p class="muted">List the sites that may show the chat. You can change everything later.</p>
              <EmbedSettingsForm
                idPrefix="embed"
                action={base}
                csrfToken={props.csrfToken}
                values={props.create.values}
                errors={props.create.errors}
                full={false}
                submitLabel="Create embed key"
              />
            </>
          )}
        </section>
      )}
      <script src="/assets/embed-page.js" defer></script>
    </AppLayout>
  );
}
