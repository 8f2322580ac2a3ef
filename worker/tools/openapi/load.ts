// Reads an OpenAPI 3.0/3.1 document given as an object, JSON text or YAML text, and resolves its local $refs.
// Errors are OpenApiError with a message that says what to fix.
import { parse as parseYaml } from 'yaml';

export class OpenApiError extends Error {
  override name = 'OpenApiError';
}

export type OpenApiDoc = {
  openapi: string;
  info?: { title?: string; version?: string };
  servers?: { url?: string; variables?: Record<string, { default?: string }> }[];
  paths: Record<string, unknown>;
  components?: Record<string, unknown>;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function loadSpec(spec: unknown): OpenApiDoc {
  let doc: unknown = spec;
  if (typeof spec === 'string') {
    const text = spec.trim();
    if (!text) throw new OpenApiError('The spec is empty');
    try {
      // YAML 1.2 is a superset of JSON, but JSON.parse is faster and gives better messages for JSON input.
      doc = text.startsWith('{') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100, uniqueKeys: true });
    } catch (e) {
      throw new OpenApiError(`The spec is neither valid JSON nor valid YAML: ${(e as Error).message.split('\n')[0]!.slice(0, 300)}`);
    }
  }
  if (!isObject(doc)) throw new OpenApiError('The spec must be an OpenAPI document (an object with "openapi" and "paths")');
  if (typeof doc.swagger === 'string')
    throw new OpenApiError(`This is a Swagger ${doc.swagger} document; only OpenAPI 3.0 and 3.1 are supported (convert it, e.g. with swagger2openapi)`);
  if (typeof doc.openapi !== 'string' || !/^3\.[01]\.\d+/.test(doc.openapi)) {
    throw new OpenApiError(`Only OpenAPI 3.0 and 3.1 are supported (the "openapi" field is ${JSON.stringify(doc.openapi ?? null)})`);
  }
  if (!isObject(doc.paths) || !Object.keys(doc.paths).length) throw new OpenApiError('The spec has no paths, so there are no operations to import');
  return doc as OpenApiDoc;
}

/** How many nodes one path item may expand to: a guard against $ref bombs. */
const MAX_NODES = 20_000;

/**
 * A resolver of local `$ref`s (`#/components/...`): `deref(node)` returns a copy with every reference inlined.
 * A reference to a schema already being expanded (recursion) becomes a short placeholder instead.
 */
export function refResolver(doc: OpenApiDoc) {
  const lookup = (ref: string): unknown => {
    if (!ref.startsWith('#/')) throw new OpenApiError(`External $ref "${ref.slice(0, 200)}" is not supported: bundle the spec into one file first`);
    let node: unknown = doc;
    for (const raw of ref.slice(2).split('/')) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (!isObject(node) && !Array.isArray(node)) node = undefined;
      else node = (node as Record<string, unknown>)[key];
      if (node === undefined) throw new OpenApiError(`$ref "${ref.slice(0, 200)}" points to nothing in the spec`);
    }
    return node;
  };

  return function deref(node: unknown): unknown {
    let count = 0;
    const walk = (n: unknown, stack: string[]): unknown => {
      if (++count > MAX_NODES) throw new OpenApiError("The spec's $refs expand to too large a schema for one path");
      if (Array.isArray(n)) return n.map((x) => walk(x, stack));
      if (!isObject(n)) return n;
      if (typeof n.$ref === 'string') {
        const ref = n.$ref;
        const name = ref.split('/').pop()!;
        if (stack.includes(ref)) return { type: 'object', description: `${name} (recursive, not expanded)` };
        // 3.1 allows siblings next to $ref (e.g. a description); they override the target's.
        const { $ref: _, ...siblings } = n;
        const target = walk(lookup(ref), [...stack, ref]);
        return isObject(target) ? { ...target, ...(walk(siblings, stack) as object) } : target;
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(n)) out[k] = walk(v, stack);
      return out;
    };
    return walk(node, []);
  };
}
