#!/usr/bin/env node
// Boundary check (ARCHITECTURE.md, "Rules the boundary check enforces"): only worker/db/ may import drizzle or touch
// the D1 binding, and routes reach repositories only through services. Exits 1 listing each offending line.
// `node scripts/check-boundaries.mjs [root]`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.argv[2] ?? process.cwd();
const SOURCE_DIRS = ['worker', 'durable-objects', 'containers', 'views'];
const ALLOWED = 'worker/db/';
const RULES = [
  { re: /from\s+['"]drizzle-orm(\/[^'"]*)?['"]|import\(\s*['"]drizzle-orm/, why: 'imports drizzle-orm' },
  { re: /\benv\s*\.\s*DB\b|\[\s*['"]DB['"]\s*\]|\{\s*[^}]*\bDB\b[^}]*\}\s*=\s*[\w.]*env\b/, why: 'touches the D1 binding' },
  { re: /\bD1Database\b/, why: 'handles a raw D1 database' },
  { re: /from\s+['"][./]*(worker\/)?db\/(client|schema)(\/[^'"]*)?['"]/, why: 'imports the unscoped db client or schema' },
];

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

const problems = [];
for (const dir of SOURCE_DIRS) {
  for (const file of files(join(root, dir))) {
    const rel = relative(root, file).split('\\').join('/');
    if (rel.startsWith(ALLOWED)) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const rule of RULES) if (rule.re.test(line)) problems.push(`${rel}:${i + 1}: ${rule.why}: ${line.trim()}`);
      });
  }
}

if (problems.length) console.error('Tenancy boundary violated (only worker/db/ may reach D1; use c.var.db):\n' + problems.join('\n'));
if (problems.length || layerProblems.length) process.exit(1);
console.log('boundaries ok: only worker/db/ reaches D1, routes reach it only through services');
