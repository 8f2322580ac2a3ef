// One API operation in the /docs reference: method and path, summary, scopes, parameters, body and responses.
import { renderMarkdown } from '../../lib/markdown';
import { type Json, SchemaTable, TypeLabel } from './docs-schema';
import { InlineCode } from './inline-code';

export function DocsOperation(props: { method: string; path: string; op: Json }) {
  const { op } = props;
  const params: Json[] = op.parameters ?? [];
  const body: Json | undefined = op.requestBody?.content?.['application/json']?.schema;
  return (
    <section class="docs-op" id={`op-${op.operationId}`}>
      <h3 class="docs-op-title">
        <span class={`docs-method docs-method-${props.method}`}>{props.method.toUpperCase()}</span>
        <code>{props.path}</code>
      </h3>
      <p>
        <InlineCode text={op.summary} />
      </p>
      {op.description ? <div class="docs-md" dangerouslySetInnerHTML={{ __html: renderMarkdown(op.description) }} /> : null}
      {params.length ? (
        <>
          <h4>Parameters</h4>
          <ul class="docs-params">
            {params.map((p) => (
              <li>
                <code>{p.name}</code>{' '}
                <span class="muted">
                  ({p.in}
                  {p.required ? ', required' : ''}, <TypeLabel schema={p.schema} />)
                </span>{' '}
                <InlineCode text={p.description} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {body ? (
        <>
          <h4>Body</h4>
          <SchemaTable schema={body} />
        </>
      ) : null}
      <h4>Responses</h4>
      <ul class="docs-params">
        {Object.entries<Json>(op.responses).map(([status, r]) => {
          const schema = r.content?.['application/json']?.schema;
          return (
            <li>
              <strong>{status}</strong> <InlineCode text={r.description} />
              {schema ? (
                <>
                  {' '}
                  · <TypeLabel schema={schema} />
                </>
              ) : null}
              {r.content?.['text/event-stream'] ? <span class="muted"> · or text/event-stream</span> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
