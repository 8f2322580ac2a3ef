#!/usr/bin/env node
// Boundary check. 1. Tenancy (ARCHITECTURE.md, Tenancy): only worker/db/ may import drizzle or touch the D1 binding.
// 2. Layers: the runtime below the routes (Durable Objects, llm, the answer schemas) never imports route or
// OpenAPI-registry code. 3. No import cycles among worker/, durable-objects/ and views/: every static import and
// re-export counts, `import type` included (a type loop ties the layers together just the same, and becomes a value
// loop with one edit); dynamic import() does not. 4. Routes call services, never repositories (route → service → repo). Exits 1 listing each offending line and each cycle.
// `node scripts/check-boundaries.mjs [root]`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = process.argv[2] ?? process.cwd();
const SOURCE_DIRS = ['worker', 'durable-objects', 'containers', 'views'];
const ALLOWED = 'worker/db/';
const RULES = [
  { re: /from\s+['"]drizzle-orm(\/[^'"]*)?['"]|import\(\s*['"]drizzle-orm/, why: 'imports drizzle-orm' },
  { re: /\benv\s*\.\s*DB\b|\[\s*['"]DB['"]\s*\]|\{\s*[^}]*\bDB\b[^}]*\}\s*=\s*[\w.]*env\b/, why: 'touches the D1 binding' },
  { re: /\bD1Database\b/, why: 'handles a raw D1 database' },
  { re: /from\s+['"][./]*(worker\/)?db\/(client|schema)(\/[^'"]*)?['"]/, why: 'imports the unscoped db client or schema' },
];

// The Durable Objects, the model layer and the pure answer schemas stay below the HTTP layer.
const LOWER = ['durable-objects/', 'worker/llm/', 'worker/schemas/'];
const UPPER = /from\s+['"](?:\.\.\/)+(?:worker\/)?(?:routes|openapi)\/|import\(\s*['"](?:\.\.\/)+(?:worker\/)?(?:routes|openapi)\//;

function* files(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const p = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(m?[jt]sx?)$/.test(name)) yield p;
  }
}

const problems = [];
// --- Layer rule: routes call services, never repositories (route → service → repo) -------------------------------
// A route hands the tenant-scoped handle to a service (`getAgent(c.var.db, id)`); reaching into it for a repo
// (`c.var.db.agents.list()`, `db.tools.get()`, `const { agents } = c.var.db`) is refused anywhere under worker/routes/.
const ROUTES = 'worker/routes/';
const ROUTE_RULES = [
  { re: /\bdb\s*\??\.\s*(?!tenantId\b)[A-Za-z_$][\w$]*\s*\??\./, why: 'calls a repository from a route (move it into a service)' },
  { re: /\{[^}]*\}\s*=\s*c\.var\.db\b|\bc\.get\(\s*['"]db['"]\s*\)\s*\??\./, why: 'reaches into the tenant db from a route (move it into a service)' },
];
const layerProblems = [];
for (const file of files(join(root, ROUTES))) {
  const rel = relative(root, file).split('\\').join('/');
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (/^\s*(\/\/|\*)/.test(line)) return;
      for (const rule of ROUTE_RULES) if (rule.re.test(line)) layerProblems.push(`${rel}:${i + 1}: ${rule.why}: ${line.trim()}`);
    });
}
if (layerProblems.length) console.error('Layer boundary violated (routes call services; only services call repositories):\n' + layerProblems.join('\n'));
// --- end of the layer rule ------------------------------------------------------------------------------------------

const layers = [];
for (const dir of SOURCE_DIRS) {
  for (const file of files(join(root, dir))) {
    const rel = relative(root, file).split('\\').join('/');
    const lower = LOWER.some((d) => rel.startsWith(d));
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!rel.startsWith(ALLOWED)) for (const rule of RULES) if (rule.re.test(line)) problems.push(`${rel}:${i + 1}: ${rule.why}: ${line.trim()}`);
        if (lower && UPPER.test(line)) layers.push(`${rel}:${i + 1}: imports route or OpenAPI code: ${line.trim()}`);
      });
  }
}

const CYCLE_DIRS = ['worker', 'durable-objects', 'views'];
// `import x from`, `import type { x } from`, `export { x } from`, `export * from`, and bare side-effect imports, each at
// the start of a line (so a code sample inside a string does not count).
const IMPORT_RE = /^\s*(?:import|export)\s+(?:[^'"`;]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.js', '.mjs', '/index.ts', '/index.tsx'];

/** The repository file a relative specifier names, or null (packages, files outside the checked folders). */
function resolveImport(fromRel, spec, known) {
  if (!spec.startsWith('.')) return null;
  const base = relative(root, resolve(root, dirname(fromRel), spec.replace(/\?.*$/, '')))
    .split('\\')
    .join('/');
  for (const ext of EXTENSIONS) if (known.has(base + ext)) return base + ext;
  const ts = base.replace(/\.m?js$/, (m) => (m === '.mjs' ? '.mts' : '.ts'));
  return known.has(ts) ? ts : null;
}

/** Strongly connected components with more than one file (or a file importing itself): Tarjan's algorithm. */
function cyclesOf(graph) {
  let next = 0;
  const index = new Map(),
    low = new Map(),
    stack = [],
    onStack = new Set(),
    out = [];
  const visit = (v) => {
    (index.set(v, next), low.set(v, next), next++, stack.push(v), onStack.add(v));
    for (const w of graph.get(v)) {
      if (!index.has(w)) (visit(w), low.set(v, Math.min(low.get(v), low.get(w))));
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc = [];
    for (let w; w !== v;) ((w = stack.pop()), onStack.delete(w), scc.push(w));
    if (scc.length > 1 || graph.get(v).includes(v)) out.push(scc.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}

/** One concrete loop inside a component, to show the reader: a → b → … → a. */
function loopIn(graph, scc) {
  const members = new Set(scc);
  const start = scc[0];
  const prev = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of graph.get(v)) {
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = prev.get(u)) path.splice(1, 0, u);
        return [...path, start].join(' → ');
      }
      if (members.has(w) && !prev.has(w)) (prev.set(w, v), queue.push(w));
    }
  }
  return scc.join(', ');
}

const known = new Set();
for (const dir of CYCLE_DIRS) for (const file of files(join(root, dir))) known.add(relative(root, file).split('\\').join('/'));
const graph = new Map();
for (const rel of known) {
  const deps = new Set();
  for (const m of readFileSync(join(root, rel), 'utf8').matchAll(IMPORT_RE)) {
    const dep = resolveImport(rel, m[1], known);
    if (dep) deps.add(dep);
  }
  graph.set(rel, [...deps].sort());
}
const cycles = cyclesOf(graph).map((scc) => `${scc.length} files: ${loopIn(graph, scc)}\n    (${scc.join(', ')})`);

if (problems.length) {
  console.error('Tenancy boundary violated (only worker/db/ may reach D1; use c.var.db):\n' + problems.join('\n'));
}
if (cycles.length) {
  console.error(
    'Import cycles among worker/, durable-objects/ and views/ (move the shared types or code into a module both sides import):\n' +
      cycles.map((c) => `  import cycle of ${c}`).join('\n'),
  );
}
if (layers.length)
  console.error('Layer boundary violated (Durable Objects, llm and worker/schemas/ stay below routes and worker/openapi/):\n' + layers.join('\n'));
if (problems.length || layers.length || layerProblems.length || cycles.length) process.exit(1);
console.log(
  `boundaries ok: only worker/db/ reaches D1; the runtime below the routes imports no route or OpenAPI code; routes reach repositories only through services; no import cycles among ${known.size} files`,
);
