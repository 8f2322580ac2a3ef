// GET /app/developers: API keys (create, shown once; revoke), copy-paste snippets for an agent every way in, and the
// log of recent API-key requests. Forms work without JavaScript; developers.js only adds the copy buttons.
import { type PresetChoice, type ScopeChoice, ScopePicker } from '../components/api-keys/scope-picker';
import { Alert } from '../components/ui/alert';
import { DateTime } from '../components/ui/date-time';
import { PageHeader } from '../components/ui/page-header';
import type { Snippet } from '../docs/snippets';
import { AppLayout, type LayoutBase } from '../layouts/app-layout';
import type { ApiKeyJson } from '../../worker/schemas/accounts';

/** A key as the API shows it (never the key itself): the schema in worker/schemas/accounts.ts. */
export type KeyRow = ApiKeyJson;
export type RequestRow = { at: string; method: string; path: string; status: number; latency_ms: number; key: string };

export type DevelopersProps = LayoutBase & {
  keys: KeyRow[];
  presets: PresetChoice[];
  scopes: ScopeChoice[];
  canWrite: boolean;
  /** False for roles the permission table does not let see keys: the keys and the request log are left out. */
  seesKeys: boolean;
  created?: { name: string; key: string };
  error?: string;
  agents: { id: string; name: string }[];
  agentId: string | null;
  snippets: Snippet[];
  requests: RequestRow[];
};

const statusClass = (s: number) => (s >= 500 ? 'status-error' : s >= 400 ? 'status-warn' : 'status-ok');

function CodeBlock(props: { id: string; title: string; code: string }) {
  return (
    <div class="snippet">
      <div class="snippet-head">
        <span>{props.title}</span>
        <button type="button" class="btn btn-secondary btn-sm" data-copy={props.id} hidden>
          Copy
        </button>
      </div>
      <pre class="code-block" id={props.id}>
        <code>{props.code}</code>
      </pre>
    </div>
  );
}

export function DevelopersPage(p: DevelopersProps) {
  return (
    <AppLayout
      title="Developers"
      user={p.user}
      tenant={p.tenant}
      role={p.role}
      csrfToken={p.csrfToken}
      memberships={p.memberships}
      can={p.can}
      active="developers"
    >
      <link rel="stylesheet" href="/assets/docs.css" />
      <PageHeader
        title="Developers"
        description={
          <>
            Call your agents from your own code: the API, an OpenAI-compatible endpoint, MCP or the widget. Read the <a href="/docs">documentation</a> or the{' '}
            <a href="/api/v1/openapi.json">OpenAPI document</a>.
          </>
        }
      />
      {p.created && (
        <Alert tone="success" title={`API key “${p.created.name}” created`}>
          <p>Copy it now: it is not shown again.</p>
          <CodeBlock id="new-key" title="Your API key" code={p.created.key} />
        </Alert>
      )}
      {p.error && <Alert tone="error">{p.error}</Alert>}

      <section class="section" aria-labelledby="keys-title">
        <div class="section-head">
          <h2 class="section-title" id="keys-title">
            API keys
          </h2>
        </div>
        {!p.seesKeys ? (
          <p class="muted">API keys are managed by the admins and owners of {p.tenant.name}: ask one of them for a key.</p>
        ) : p.keys.length ? (
          <div class="card table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Key</th>
                  <th class="hide-sm">Access</th>
                  <th class="hide-sm">Last used</th>
                  <th>Expires</th>
                  <th class="actions">
                    <span class="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.keys.map((k) => (
                  <tr>
                    <td>{k.name}</td>
                    <td>
                      <code>{k.prefix}…</code>
                    </td>
                    <td class="hide-sm">{k.access}</td>
                    <td class="hide-sm">{k.last_used_at ? <DateTime value={k.last_used_at} /> : 'Never'}</td>
                    <td>{k.expires_at ? <DateTime value={k.expires_at} /> : 'Never'}</td>
                    <td class="actions">
                      {p.canWrite && (
                        <form method="post" action={`/app/developers/api-keys/${k.id}/revoke`}>
                          <input type="hidden" name="_csrf" value={p.csrfToken} />
                          <button class="btn btn-secondary btn-sm" type="submit" aria-label={`Revoke ${k.name}`}>
                            Revoke
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="muted">No API keys yet.</p>
        )}
        {p.canWrite && (
          <form class="card form section" method="post" action="/app/developers/api-keys">
            <input type="hidden" name="_csrf" value={p.csrfToken} />
            <div class="field">
              <label class="field-label" for="key-name">
                Name
              </label>
              <input class="input" id="key-name" name="name" required maxlength={100} placeholder="Production backend" />
            </div>
            <ScopePicker presets={p.presets} scopes={p.scopes} />
            <div class="field">
              <label class="field-label" for="key-expiry">
                Expires
              </label>
              <select class="input" id="key-expiry" name="expires_in_days">
                <option value="">Never</option>
                <option value="30">In 30 days</option>
                <option value="90">In 90 days</option>
                <option value="365">In a year</option>
              </select>
            </div>
            <div>
              <button class="btn btn-primary" type="submit">
                Create key
              </button>
            </div>
          </form>
        )}
      </section>

      <section class="section" aria-labelledby="snippets-title">
        <div class="section-head">
          <h2 class="section-title" id="snippets-title">
            Snippets
          </h2>
        </div>
        {p.agents.length ? (
          <>
            <form method="get" action="/app/developers" class="btn-row">
              <label class="sr-only" for="snippet-agent">
                Agent
              </label>
              <select class="input" id="snippet-agent" name="agent">
                {p.agents.map((a) => (
                  <option value={a.id} selected={a.id === p.agentId}>
                    {a.name}
                  </option>
                ))}
              </select>
              <button class="btn btn-secondary" type="submit">
                Show
              </button>
            </form>
            <p class="muted">
              Replace <code>$EDGENT_API_KEY</code> with one of your keys (better: export it in your shell).
            </p>
            {p.snippets.map((s) => (
              <CodeBlock id={`snippet-${s.id}`} title={s.title} code={s.code} />
            ))}
          </>
        ) : (
          <p class="muted">Create an agent to see its snippets.</p>
        )}
      </section>

      {p.seesKeys && (
        <section class="section" aria-labelledby="log-title">
          <div class="section-head">
            <h2 class="section-title" id="log-title">
              Recent API requests
            </h2>
            <span class="muted">API-key requests, newest first; kept 7 days</span>
          </div>
          {p.requests.length ? (
            <div class="card table-wrap">
              <table class="table">
                <thead>
                  <tr>
                    <th>Time (UTC)</th>
                    <th>Request</th>
                    <th class="num">Status</th>
                    <th class="num">Latency</th>
                    <th class="hide-sm">Key</th>
                  </tr>
                </thead>
                <tbody>
                  {p.requests.map((r) => (
                    <tr>
                      <td class="nowrap">
                        <time datetime={r.at}>{r.at.slice(0, 19).replace('T', ' ')}</time>
                      </td>
                      <td>
                        <code>
                          {r.method} {r.path}
                        </code>
                      </td>
                      <td class={`num ${statusClass(r.status)}`}>{r.status}</td>
                      <td class="num">{r.latency_ms} ms</td>
                      <td class="hide-sm">{r.key}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p class="muted">No API requests yet. They appear here a few seconds after they are made.</p>
          )}
        </section>
      )}
      <script src="/assets/developers.js" defer></script>
    </AppLayout>
  );
}
