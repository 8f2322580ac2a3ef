// Renders a JSON Schema (from the OpenAPI document) as a table of fields: name, type, required, description.
import type { Child } from 'hono/jsx';
import { InlineCode } from './inline-code';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON Schema is open-ended

const refName = (ref: string) => ref.split('/').pop()!;

/** A short type label; component references link to their schema section. */
export function TypeLabel(props: { schema: Json | undefined }): Child {
  const s = props.schema ?? {};
  if (s.$ref) return <a href={`#schema-${refName(s.$ref)}`}>{refName(s.$ref)}</a>;
  if (s.enum) return <code>{s.enum.map((v: unknown) => JSON.stringify(v)).join(' | ')}</code>;
  if (s.const !== undefined) return <code>{JSON.stringify(s.const)}</code>;
  const union = s.anyOf ?? s.oneOf;
  if (union)
    return (
      <>
        {union.map((u: Json, i: number) => (
          <>
            {i ? ' | ' : ''}
            <TypeLabel schema={u} />
          </>
        ))}
      </>
    );
  if (s.type === 'array') return <>{<TypeLabel schema={s.items} />}[]</>;
  const type = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
  return <span>{type === 'object' && s.additionalProperties && !s.properties ? 'map' : type}</span>;
}

function rows(schema: Json, prefix: string, depth: number): { name: string; schema: Json; required: boolean }[] {
  const out: { name: string; schema: Json; required: boolean }[] = [];
  const required = new Set<string>(schema.required ?? []);
  for (const [name, field] of Object.entries<Json>(schema.properties ?? {})) {
    out.push({ name: prefix + name, schema: field, required: required.has(name) });
    const inner = field.type === 'array' ? field.items : field;
    if (depth < 2 && inner?.properties) out.push(...rows(inner, `${prefix}${name}${field.type === 'array' ? '[]' : ''}.`, depth + 1));
  }
  return out;
}

export function SchemaTable(props: { schema: Json }) {
  const list = rows(props.schema, '', 0);
  if (!list.length)
    return (
      <p class="muted">
        <TypeLabel schema={props.schema} />
      </p>
    );
  return (
    <div class="docs-table-wrap">
      <table class="docs-table">
        <thead>
          <tr>
            <th>field</th>
            <th>type</th>
            <th>description</th>
          </tr>
        </thead>
        <tbody>
          {list.map((r) => (
            <tr>
              <td>
                <code>{r.name}</code>
                {r.required ? <span class="docs-required"> required</span> : null}
              </td>
              <td>
                <TypeLabel schema={r.schema} />
              </td>
              <td>
                <InlineCode text={r.schema.description} />
                {r.schema.default !== undefined ? <span class="muted"> Default {JSON.stringify(r.schema.default)}.</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
