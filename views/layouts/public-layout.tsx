// The layout for signed-out pages (sign up, log in, errors): a calm centred column, no app chrome.
import type { Child } from 'hono/jsx';
import { Document } from '../components/ui/document';

export function PublicLayout(props: { title: string; children?: Child }) {
  return (
    <Document title={props.title} bodyClass="public">
      <main class="public-main" id="main">
        {props.children}
      </main>
      <footer class="public-footer">
        <p>
          Edgent · AI agents on the edge · <a href="/marketplace">Marketplace</a>
        </p>
      </footer>
    </Document>
  );
}
