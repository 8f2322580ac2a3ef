// Turns an OpenAPI 3.1 document (JSON Schema 2020-12 component schemas, as zod writes them) into TypeScript types:
// one type per component schema and one `<OperationId>Body` per JSON request body. Used by gen-sdk-types.mjs and
// its drift test (test/node/sdk-types.test.ts).

const IDENT = /^[A-Za-z_$][\w$]*$/;
const pascal = (s) => s.replace(/(^|[^A-Za-z0-9])([a-z0-9])/g, (_, _sep, c) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
const literal = (v) => (typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(v));
const refName = (ref) => {
  const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
  if (!m) throw new Error(`Unsupported $ref ${ref}`);
  return m[1];
};

function doc(text, indent) {
  if (!text) return '';
  const lines = String(text).replace(/\*\//g, '*\\/').split('\n');
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

/** `{text, compound}`: compound types need parentheses before `[]`. */
function emit(schema, indent) {
  if (schema === true || schema === undefined) return { text: 'unknown' };
  if (schema === false) return { text: 'never' };
  if (schema.$ref) return { text: refName(schema.$ref) };
  if ('const' in schema) return { text: literal(schema.const) };
  if (schema.enum) return union(schema.enum.map((v) => ({ text: literal(v) })));
  if (schema.anyOf || schema.oneOf) return union((schema.anyOf ?? schema.oneOf).map((s) => emit(s, indent)));
  if (schema.allOf) return { text: schema.allOf.map((s) => wrap(emit(s, indent))).join(' & '), compound: schema.allOf.length > 1 };
  if (Array.isArray(schema.type)) return union(schema.type.map((type) => emit({ ...schema, type }, indent)));
  switch (schema.type) {
    case 'string':
      return { text: 'string' };
    case 'integer':
    case 'number':
      return { text: 'number' };
    case 'boolean':
      return { text: 'boolean' };
    case 'null':
      return { text: 'null' };
    case 'array':
      return { text: `${wrap(emit(schema.items, indent))}[]` };
    case 'object':
      return object(schema, indent);
    default:
      return { text: 'unknown' };
  }
}

function union(members) {
  const texts = [...new Set(members.map((m) => m.text))];
  return texts.length === 1 ? { text: texts[0], compound: members[0].compound } : { text: texts.join(' | '), compound: true };
}

const wrap = (t) => (t.compound ? `(${t.text})` : t.text);

function object(schema, indent) {
  const props = Object.entries(schema.properties ?? {});
  const extra = schema.additionalProperties;
  if (!props.length) {
    if (extra === false) return { text: 'Record<string, never>' };
    return { text: `Record<string, ${extra && extra !== true ? emit(extra, indent).text : 'unknown'}>` };
  }
  const inner = indent + '  ';
  const required = new Set(schema.required ?? []);
  const lines = props.map(([name, s]) => {
    const key = IDENT.test(name) ? name : literal(name);
    return `${doc(s.description, inner)}${inner}${key}${required.has(name) ? '' : '?'}: ${emit(s, inner).text};`;
  });
  // Known properties beside an open rest: the rest can only be typed as unknown.
  if (extra !== undefined && extra !== false) lines.push(`${inner}[key: string]: unknown;`);
  return { text: `{\n${lines.join('\n')}\n${indent}}` };
}

/** The TypeScript module for `document`: its component schemas, then its operations' request bodies. */
export function openApiToTs(document, { banner }) {
  const out = [banner.trimEnd(), ''];
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    out.push(`${doc(schema.description, '')}export type ${name} = ${emit(schema, '').text};`, '');
  }
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      const body = op.requestBody?.content?.['application/json']?.schema;
      if (!body || !op.operationId) continue;
      out.push(
        `/** The body of ${method.toUpperCase()} ${path} (${op.operationId}). */`,
        `export type ${pascal(op.operationId)}Body = ${emit(body, '').text};`,
        '',
      );
    }
  }
  return out.join('\n');
}
