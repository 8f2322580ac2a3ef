// The hosted chat of a share link (/s/:token): the agent's name and description, and the widget inline, talking to
// the link's own visitor API. No account and no cookie; the page is the same for every visitor of the link.
import { PublicLayout } from '../layouts/public-layout';

export function SharePage(props: { name: string; description: string | null; api: string }) {
  return (
    <PublicLayout title={`Chat with ${props.name}`}>
      <section class="card share-card" aria-labelledby="share-title">
        <header class="share-header">
          <h1 class="share-title" id="share-title">
            {props.name}
          </h1>
          {props.description && <p class="muted share-description">{props.description}</p>}
        </header>
        <div id="share-chat" class="share-chat"></div>
        <noscript>
          <p>This chat needs JavaScript.</p>
        </noscript>
        <p class="field-hint share-note">Conversations here are visible to the people who run this agent.</p>
      </section>
      <script src="/widget.js" data-agent="" data-api={props.api} data-target="#share-chat" data-open="true" async></script>
    </PublicLayout>
  );
}
