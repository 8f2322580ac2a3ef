// The detail page's "try it" chat (issue 18 §3, mkt-community): the widget inline, as on the share page
// (views/pages/share-page.tsx), talking to the listing's try-it visitor API /marketplace/:slug/try/api
// (routes/protocols/try-it.ts), which runs the PUBLISHED version. Without JavaScript: "Enable JavaScript to try it".
import { EMBED_LIMITS } from '../../worker/services/embed-limits';

export function TryItSection(props: { slug: string; title: string; /** Messages a visitor may send per minute (shown). */ limit?: number }) {
  const limit = props.limit ?? EMBED_LIMITS.messagesPerVisitor.max;
  return (
    <section class="mkt-section mkt-try" id="try" aria-labelledby="try-title">
      <link rel="stylesheet" href="/assets/marketplace-community.css" />
      <h2 id="try-title">Try {props.title}</h2>
      <div id="mkt-try-chat" class="mkt-try-chat"></div>
      <noscript>
        <p>Enable JavaScript to try it.</p>
      </noscript>
      <p class="field-hint mkt-try-note">
        Trying it is free, limited to {limit} messages a minute (and a daily limit for everyone). No account needed; the creator can read these conversations.
      </p>
      <script
        src="/widget.js"
        data-agent=""
        data-api={`/marketplace/${encodeURIComponent(props.slug)}/try/api`}
        data-target="#mkt-try-chat"
        data-open="true"
        async
      ></script>
    </section>
  );
}
