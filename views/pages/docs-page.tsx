// GET /docs: the guides and the API reference, rendered from the OpenAPI document on our own origin (no CDN): a
// sidebar of guides and tags, then every operation and every component schema. docs.js (optional) adds the search
// box and copy buttons on code blocks.
import { Document } from '../components/ui/document';
import { DocsOperation } from '../components/docs/docs-operation';
import { type Json, SchemaTable } from '../components/docs/docs-schema';
import { InlineCode } from '../components/docs/inline-code';
import { Logo } from '../components/ui/logo';
import type { Guide } from '../docs/guides';
import { renderMarkdown } from '../lib/markdown';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const tagId = (tag: string) => `tag-${tag.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

function operationsByTag(doc: Json) {
  const tags = new Map<string, { method: string; path: string; op: Json }[]>((doc.tags as Json[]).map((t) => [t.name as string, []]));
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const method of METHODS) if (item[method]) tags.get(item[method].tags[0])?.push({ method, path, op: item[method] });
  }
  return [...tags].filter(([, ops]) => ops.length);
}

export function DocsPage(props: { origin: string; document: Json; guides: Guide[] }) {
  const groups = operationsByTag(props.document);
  const schemas = Object.entries<Json>(props.document.components.schemas);
  return (
    <Document title="API documentation" bodyClass="docs">
      <link rel="stylesheet" href="/assets/docs.css" />
      <header class="docs-header">
        <Logo href="/docs" />
        <nav class="docs-header-links" aria-label="Site">
          <a href="/api/v1/openapi.json">OpenAPI 3.1 JSON</a>
          <a href="/app/developers">Developer portal</a>
        </nav>
      </header>
      <div class="docs-shell">
        <nav class="docs-nav" aria-label="Documentation">
          <div class="docs-search" role="search" hidden>
            <label class="sr-only" for="docs-search">
              Search the docs
            </label>
            <input class="input" type="search" id="docs-search" placeholder="Search guides and reference" autocomplete="off" aria-controls="docs-results" />
            <ul id="docs-results" class="docs-results" role="list" aria-live="polite"></ul>
          </div>
          <p class="docs-nav-heading">Guides</p>
          <ul role="list">
            {props.guides.map((g) => (
              <li>
                <a href={`#${g.id}`}>{g.title}</a>
              </li>
            ))}
          </ul>
          <p class="docs-nav-heading">Reference</p>
          <ul role="list">
            {groups.map(([tag]) => (
              <li>
                <a href={`#${tagId(tag)}`}>{tag}</a>
              </li>
            ))}
            <li>
              <a href="#schemas">Schemas</a>
            </li>
          </ul>
        </nav>
        <main class="docs-main" id="main">
          <h1>{props.document.info.title}</h1>
          <p class="muted">
            <InlineCode text={props.document.info.description} /> Base URL: <code>{props.origin}</code>.
          </p>
          {props.guides.map((g) => (
            <section class="docs-guide" id={g.id}>
              <h2>{g.title}</h2>
              <div class="docs-md" dangerouslySetInnerHTML={{ __html: renderMarkdown(g.body.replaceAll('HOST', props.origin)) }} />
            </section>
          ))}
          <h2 id="reference" class="docs-part">
            Reference
          </h2>
          {groups.map(([tag, ops]) => (
            <section id={tagId(tag)}>
              <h2>{tag}</h2>
              {ops.map((o) => (
                <DocsOperation method={o.method} path={o.path} op={o.op} />
              ))}
            </section>
          ))}
          <section id="schemas">
            <h2>Schemas</h2>
            {schemas.map(([name, schema]) => (
              <section class="docs-op" id={`schema-${name}`}>
                <h3>{name}</h3>
                {schema.description ? (
                  <p>
                    <InlineCode text={schema.description} />
                  </p>
                ) : null}
                <SchemaTable schema={schema} />
              </section>
            ))}
          </section>
        </main>
      </div>
      <script src="/assets/docs.js" defer></script>
    </Document>
  );
}
