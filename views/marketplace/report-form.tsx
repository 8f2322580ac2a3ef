// "Report this listing" on the detail page (issue 18 §4, mkt-community): a small disclosure with a form that posts to
// POST /api/v1/marketplace/listings/:slug/reports (anyone; JSON through /assets/marketplace-community.js, with the
// CSRF token when someone is signed in). Needs JavaScript to send; without it, it says so.
const REASONS = [
  ['spam', 'Spam'],
  ['malicious', 'Malicious or unsafe'],
  ['misleading', 'Misleading'],
  ['offensive', 'Offensive'],
  ['copyright', 'Copyright'],
  ['other', 'Something else'],
] as const;

export function ReportForm(props: { slug: string; csrf?: string | null }) {
  return (
    <details class="mkt-report" id="report">
      <summary>Report this listing</summary>
      <link rel="stylesheet" href="/assets/marketplace-community.css" />
      <form
        class="mkt-form"
        data-api-form={`/api/v1/marketplace/listings/${encodeURIComponent(props.slug)}/reports`}
        data-csrf={props.csrf ?? undefined}
        data-done="Thank you: the report reached the operators."
        method="post"
        action="#"
      >
        <label for="report-reason">Reason</label>
        <select id="report-reason" name="reason" required>
          {REASONS.map(([v, label]) => (
            <option value={v}>{label}</option>
          ))}
        </select>
        <label for="report-text">Details (optional)</label>
        <textarea id="report-text" name="text" maxlength={2000}></textarea>
        <div>
          <button type="submit" class="btn">
            Send report
          </button>
        </div>
        <p class="mkt-form-status muted" data-api-status aria-live="polite"></p>
        <noscript>
          <p class="muted">Sending a report needs JavaScript.</p>
        </noscript>
      </form>
      <script src="/assets/marketplace-community.js" defer></script>
    </details>
  );
}
