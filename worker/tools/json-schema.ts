// A small JSON Schema validator for tool arguments (the subset tool schemas use: type, enum, const, required,
// properties, additionalProperties, items, length/size/range limits, pattern, anyOf/oneOf/allOf), plus the check
// that a tool's `parameters` is a usable schema. Errors name the argument path so the model can correct itself.
type Schema = Record<string, unknown>;

const MAX_ERRORS = 10;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function matchesType(v: unknown, t: string): boolean {
  switch (t) {
    case 'integer':
      return Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'object':
      return isObject(v);
    default:
      return typeOf(v) === t;
  }
}

function check(schema: unknown, v: unknown, path: string, out: string[]): void {
  if (out.length >= MAX_ERRORS || !isObject(schema)) return;
  const at = path || '(arguments)';
  const s = schema as Schema;
  const types = s.type === undefined ? null : ([] as unknown[]).concat(s.type).map(String);
  // OpenAPI 3.0's `nullable: true` is JSON Schema's extra "null" type.
  if (types && s.nullable === true) types.push('null');
  if (types && !types.some((t) => matchesType(v, t))) {
    out.push(`${at}: expected ${types.join(' or ')}, got ${typeOf(v)}`);
    return;
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
    out.push(`${at}: must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`.slice(0, 300));
  }
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(v)) out.push(`${at}: must be ${JSON.stringify(s.const)}`);
  if (typeof v === 'string') {
    if (typeof s.minLength === 'number' && v.length < s.minLength) out.push(`${at}: must be at least ${s.minLength} characters`);
    if (typeof s.maxLength === 'number' && v.length > s.maxLength) out.push(`${at}: must be at most ${s.maxLength} characters`);
    if (typeof s.pattern === 'string') {
      let re: RegExp | null = null;
      try {
        re = new RegExp(s.pattern, 'u');
      } catch {} // a pattern this engine cannot read is not the caller's fault: skip it
      if (re && !re.test(v)) out.push(`${at}: must match ${s.pattern}`);
    }
  }
  if (typeof v === 'number') {
    if (typeof s.minimum === 'number' && v < s.minimum) out.push(`${at}: must be ≥ ${s.minimum}`);
    if (typeof s.maximum === 'number' && v > s.maximum) out.push(`${at}: must be ≤ ${s.maximum}`);
    if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) out.push(`${at}: must be > ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === 'number' && v >= s.exclusiveMaximum) out.push(`${at}: must be < ${s.exclusiveMaximum}`);
  }
  if (Array.isArray(v)) {
    if (typeof s.minItems === 'number' && v.length < s.minItems) out.push(`${at}: must have at least ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) out.push(`${at}: must have at most ${s.maxItems} items`);
    if (isObject(s.items)) v.forEach((item, i) => check(s.items, item, `${path}[${i}]`, out));
  }
  if (isObject(v)) {
    const props = isObject(s.properties) ? s.properties : {};
    if (Array.isArray(s.required)) for (const r of s.required) if (typeof r === 'string' && !(r in v)) out.push(`${path ? `${path}.` : ''}${r}: is required`);
    for (const [k, val] of Object.entries(v)) {
      const key = path ? `${path}.${k}` : k;
      if (k in props) check(props[k], val, key, out);
      else if (s.additionalProperties === false)
        out.push(`${key}: is not a known argument${Object.keys(props).length ? ` (known: ${Object.keys(props).join(', ')})` : ''}`);
      else if (isObject(s.additionalProperties)) check(s.additionalProperties, val, key, out);
    }
  }
  const sub = (list: unknown) => (Array.isArray(list) ? list : []).map((x) => validateArgs(x, v, path));
  if (Array.isArray(s.allOf)) for (const errs of sub(s.allOf)) out.push(...errs);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const results = sub(s[key]);
    if (results.length && !results.some((e) => e.length === 0))
      out.push(`${at}: matches none of the allowed shapes (${results.map((e) => e[0]).join('; ')})`.slice(0, 400));
  }
}

/** The problems of `value` against `schema`, at most 10; empty when valid. */
export function validateArgs(schema: unknown, value: unknown, path = ''): string[] {
  const out: string[] = [];
  check(schema, value, path, out);
  return out.slice(0, MAX_ERRORS);
}

/** Why `schema` cannot be a tool's parameters (an object schema the model fills in), or null when it can. */
export function parametersProblem(schema: unknown): string | null {
  if (!isObject(schema)) return 'must be a JSON Schema object';
  if (schema.type !== 'object') return 'must be a JSON Schema with "type": "object"';
  if (schema.properties !== undefined && !isObject(schema.properties)) return '"properties" must be an object';
  if (isObject(schema.properties)) {
    for (const [k, v] of Object.entries(schema.properties)) if (!isObject(v) && typeof v !== 'boolean') return `property "${k}" must be a schema object`;
  }
  if (schema.required !== undefined && !(Array.isArray(schema.required) && schema.required.every((r) => typeof r === 'string')))
    return '"required" must be a list of property names';
  if (deeperThan(schema, 32)) return 'is nested too deeply';
  if (JSON.stringify(schema).length > 64_000) return 'is too large (keep it under 64 KB)';
  return null;
}

/** Bounded recursion: never deeper than `n` levels, whatever was sent. */
function deeperThan(v: unknown, n: number): boolean {
  if (!v || typeof v !== 'object') return false;
  if (n === 0) return true;
  return Object.values(v).some((x) => deeperThan(x, n - 1));
}
