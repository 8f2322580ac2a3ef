// Turns an OpenAPI schema (3.0 or 3.1, $refs already inlined) into a plain JSON Schema for a tool's parameters:
// 3.0's `nullable` and boolean exclusive bounds become 3.1/JSON Schema forms, read-only properties are dropped
// from request schemas, and keywords a model does not need are removed.
const KEEP = new Set([
  'type',
  'description',
  'enum',
  'const',
  'default',
  'format',
  'properties',
  'required',
  'items',
  'additionalProperties',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'anyOf',
  'oneOf',
  'allOf',
  'title',
  'examples',
  'multipleOf',
]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON Schema for a request value; `depth` bounds the recursion on pathological specs. */
export function cleanSchema(schema: unknown, depth = 0): Record<string, unknown> {
  if (!isObject(schema) || depth > 24) return {};
  const s = schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (KEEP.has(k)) out[k] = v;
  if (s.example !== undefined && out.examples === undefined) out.examples = [s.example];
  // 3.0: `nullable: true` → a "null" type; boolean exclusive bounds → numeric ones.
  if (s.nullable === true && typeof s.type === 'string') out.type = [s.type, 'null'];
  if (s.exclusiveMinimum === true && typeof s.minimum === 'number') ((out.exclusiveMinimum = s.minimum), delete out.minimum);
  if (s.exclusiveMaximum === true && typeof s.maximum === 'number') ((out.exclusiveMaximum = s.maximum), delete out.maximum);
  if (typeof out.exclusiveMinimum === 'boolean') delete out.exclusiveMinimum;
  if (typeof out.exclusiveMaximum === 'boolean') delete out.exclusiveMaximum;
  if (isObject(s.properties)) {
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s.properties)) {
      if (isObject(v) && v.readOnly === true) continue; // the server sets it; a request does not send it
      props[k] = cleanSchema(v, depth + 1);
    }
    out.properties = props;
    if (Array.isArray(s.required)) {
      const req = s.required.filter((r): r is string => typeof r === 'string' && r in props);
      if (req.length) out.required = req;
      else delete out.required;
    }
    if (!out.type) out.type = 'object';
  }
  if (s.items !== undefined) out.items = cleanSchema(s.items, depth + 1);
  if (isObject(s.additionalProperties)) out.additionalProperties = cleanSchema(s.additionalProperties, depth + 1);
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) if (Array.isArray(s[k])) out[k] = (s[k] as unknown[]).map((x) => cleanSchema(x, depth + 1));
  if (typeof out.description === 'string' && out.description.length > 500) out.description = `${out.description.slice(0, 497)}…`;
  return out;
}
