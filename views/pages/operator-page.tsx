// The operator's moderation pages (issue 18 §4): the sign-in form (OPERATOR_TOKEN), open reports and every listing
// (search by title) with Remove / Restore and Resolve. Plain forms (no JavaScript needed); everything a creator or a
// reporter wrote is JSX text (escaped).
import type { ModerationListing, ReportRow } from '../../worker/db/marketplace-moderation';
import { Document } from '../components/ui/document';

function Shell(props: { title: string; children?: unknown }) {
  return (
    <Document title={props.title} bodyClass="public">
      <link rel="stylesheet" href="/assets/marketplace-community.css" />
      <main class="op-main" id="main">
        {props.children as never}
      </main>
    </Document>
  );
}

export function OperatorLoginPage(props: { error?: string | null }) {
  return (
    <Shell title="Operator sign-in">
      <section class="card" aria-labelledby="op-login-title">
        <h1 id="op-login-title">Operator sign-in</h1>
        <p class="muted">Moderation of the marketplace. Paste the installation’s OPERATOR_TOKEN.</p>
        {props.error ? (
          <p class="form-error" role="alert">
            {props.error}
          </p>
        ) : null}
        <form method="post" action="/operator/login" class="mkt-form">
          <label for="op-token">Operator token</label>
          <input id="op-token" name="token" type="password" autocomplete="off" required />
          <div>
            <button type="submit" class="btn btn-primary">
              Sign in
            </button>
          </div>
        </form>
      </section>
    </Shell>
  );
}

const date = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

export function OperatorPage(props: { reports: ReportRow[]; listings: ModerationListing[]; q: string; notice?: string | null }) {
  return (
    <Shell title="Marketplace moderation">
      <header class="op-actions op-head">
        <h1>Marketplace moderation</h1>
        <form method="post" action="/operator/logout">
          <button type="submit" class="btn">
            Sign out
          </button>
        </form>
      </header>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <section aria-labelledby="op-reports">
        <h2 id="op-reports">Open reports ({props.reports.length})</h2>
        {props.reports.length === 0 ? (
          <p class="muted">No open reports.</p>
        ) : (
          <table class="op-table">
            <thead>
              <tr>
                <th>Listing</th>
                <th>Reason</th>
                <th>Details</th>
                <th>Filed</th>
                <th>Resolve</th>
              </tr>
            </thead>
            <tbody>
              {props.reports.map((r) => (
                <tr>
                  <td>
                    <a href={`/marketplace/${encodeURIComponent(r.listing.slug)}`}>{r.listing.title}</a>
                    {r.listing.status !== 'published' ? <span class="muted"> ({r.listing.status})</span> : null}
                  </td>
                  <td>{r.reason}</td>
                  <td>{r.text || <span class="muted">—</span>}</td>
                  <td>{date(r.createdAt)}</td>
                  <td>
                    <form method="post" action={`/operator/reports/${encodeURIComponent(r.id)}/resolve`} class="op-actions">
                      <input type="text" name="resolution" aria-label="Resolution" placeholder="What was done" required maxlength={500} />
                      <button type="submit" class="btn">
                        Resolve
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="op-listings">
        <h2 id="op-listings">Listings</h2>
        <form method="get" action="/operator" class="op-actions" role="search">
          <input type="search" name="q" value={props.q} aria-label="Search by title" placeholder="Search by title" />
          <button type="submit" class="btn">
            Search
          </button>
        </form>
        <table class="op-table">
          <thead>
            <tr>
              <th>Title</th>
              <th>Creator</th>
              <th>Status</th>
              <th>Reports</th>
              <th>Action</th>
            </tr>
          </thead>
          <tbody>
            {props.listings.map((l) => (
              <tr>
                <td>
                  {l.status === 'published' ? <a href={`/marketplace/${encodeURIComponent(l.slug)}`}>{l.title}</a> : l.title}
                  <div class="muted">{l.slug}</div>
                </td>
                <td>{l.creator}</td>
                <td class={l.status === 'removed' ? 'op-status-removed' : undefined}>
                  {l.status}
                  {l.removedReason ? <div class="muted">{l.removedReason}</div> : null}
                </td>
                <td>{l.openReports}</td>
                <td>
                  {l.status === 'removed' ? (
                    <form method="post" action={`/operator/listings/${encodeURIComponent(l.id)}/restore`}>
                      <button type="submit" class="btn">
                        Restore
                      </button>
                    </form>
                  ) : (
                    <form method="post" action={`/operator/listings/${encodeURIComponent(l.id)}/remove`} class="op-actions">
                      <input
                        type="text"
                        name="reason"
                        aria-label={`Why remove ${l.title}`}
                        placeholder="Reason (the creator sees it)"
                        required
                        maxlength={500}
                      />
                      <button type="submit" class="btn btn-danger">
                        Remove
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {props.listings.length === 0 ? <p class="muted">No listings{props.q ? ' match' : ''}.</p> : null}
      </section>
    </Shell>
  );
}
